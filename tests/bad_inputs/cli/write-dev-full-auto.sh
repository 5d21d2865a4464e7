printf '2:00 AMRAP\n  5 Burpees\n' > cindy.wod
"$WOD_RUN" cindy.wod --auto > /dev/full
