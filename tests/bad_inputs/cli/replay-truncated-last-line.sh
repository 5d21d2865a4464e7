# A recording whose writer was killed inside a line: the loader used to call
# it "the middle of step N"; it now says the file ends inside that line and
# which steps are kept, and replays them.
printf '10 Pullups\n:30 Rest\n' > s.wod
"$WOD_RUN" s.wod --auto --record r.wodrec > /dev/null || exit 97
sed '$d' r.wodrec > no-end.wodrec
size=$(wc -c < no-end.wodrec)
head -c $((size - 40)) no-end.wodrec > cut.wodrec
"$WOD_RUN" --replay cut.wodrec > /dev/null
