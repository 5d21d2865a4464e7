printf '2:00 Run\n5 Pullups\n' > w.wod
"$WOD_RUN" w.wod --steps "next; tick 1000; tick 1000; next" --record r.wodrec > /dev/null || exit 90
# the first occurrence only (GNU sed); an unknown kind gives no text, so the
# edit writes one (docs/spec/recording.md §3.3)
sed -i '0,/"kind":"push"/s//"kind":"bogus","text":"push"/' r.wodrec
grep -qF '"kind":"bogus"' r.wodrec || exit 91  # the edit took place
"$WOD_RUN" --replay r.wodrec
