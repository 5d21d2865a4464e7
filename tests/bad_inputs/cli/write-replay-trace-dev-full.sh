printf '5 Pullups\n' > w.wod
"$WOD_RUN" w.wod --steps next --record r.wodrec > /dev/null || exit 90
"$WOD_RUN" --replay r.wodrec --export-trace /dev/full > /dev/null
