"$WOD_RUN" --replay /proc/self/mem
