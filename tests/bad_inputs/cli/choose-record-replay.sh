# docs/spec/runtime.md §15, docs/spec/recording.md §3.1: a recording carries
# `choose N` as a command, so replay settles the same alternative.
printf '3|5 Pullups\n5:00|10:00 ? KB Snatch\n' > s.wod
"$WOD_RUN" s.wod --steps "choose 2; choose 2; next; next; tick 600000" --record r.wodrec > run.txt
grep -qF '"command":"choose 2"' r.wodrec || { echo "no choose command in the recording" >&2; exit 98; }
grep -qF 'push "3 \| [5] Pullups"' run.txt || { cat run.txt >&2; exit 97; }
grep -qF 'Timer "5:00 \| [10:00] ? KB Snatch" [↓0s/600s]' run.txt || { cat run.txt >&2; exit 96; }
"$WOD_RUN" --replay r.wodrec >&2
# choose 0 is a --steps error: nothing runs, exit 2.
"$WOD_RUN" s.wod --steps "next; choose 0"
