"$WOD_RUN" /proc/self/mem --check
