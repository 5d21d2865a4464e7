printf '2:00 Run\n5 Pullups\n' > w.wod
"$WOD_RUN" w.wod --steps "next; tick 1000; tick 1000; next" --record r.wodrec > /dev/null || exit 90
# the first occurrence only (GNU sed)
sed -i '0,/"key":"o/s//"key":"o9/' r.wodrec
grep -qF '"key":"o9' r.wodrec || exit 91  # the edit took place
"$WOD_RUN" --replay r.wodrec
