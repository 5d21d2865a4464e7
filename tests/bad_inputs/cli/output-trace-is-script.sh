printf '5 Pullups\n' > x.wod
cp x.wod orig.wod
"$WOD_RUN" x.wod --auto --export-trace x.wod > /dev/null
status=$?
cmp -s x.wod orig.wod || { echo "the script was changed" >&2; exit 99; }
exit "$status"
