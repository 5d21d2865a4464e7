"$WOD_RUN" --verify /proc/self/mem
