printf '5 Pullups\n' > w.wod
"$WOD_RUN" w.wod --auto --record out > out
