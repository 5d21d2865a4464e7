printf '5 Pullups\n10 Pushups\n' > w.wod
"$WOD_RUN" w.wod --steps "next; next" >&-
