# Record the zero-time loop, then replay the recording: the replay re-runs
# the same steps and must end as quickly as the run did.
printf '(999999999999999)\n  (0)\n    5 x\n' > loop.wod
"$WOD_RUN" loop.wod --auto --record loop.wodrec > /dev/null
status=$?
[ "$status" = 0 ] || { echo "recording run exited $status" >&2; exit 99; }
bytes=$(wc -c < loop.wodrec)
[ "$bytes" -lt 1000000 ] || { echo "recording not bounded: $bytes bytes" >&2; exit 99; }
"$WOD_RUN" --replay loop.wodrec
