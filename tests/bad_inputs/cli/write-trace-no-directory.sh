printf '5 Pullups\n' > w.wod
"$WOD_RUN" w.wod --steps next --export-trace nodir/t.json > /dev/null
