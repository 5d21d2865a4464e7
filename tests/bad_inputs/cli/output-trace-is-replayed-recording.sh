printf '5 Pullups\n' > w.wod
"$WOD_RUN" w.wod --steps next --record r.wodrec > /dev/null || exit 90
cp r.wodrec orig.wodrec
"$WOD_RUN" --replay r.wodrec --export-trace r.wodrec > /dev/null
status=$?
cmp -s r.wodrec orig.wodrec || { echo "the recording was changed" >&2; exit 99; }
exit "$status"
