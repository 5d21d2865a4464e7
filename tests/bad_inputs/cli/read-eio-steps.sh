"$WOD_RUN" /proc/self/mem --steps next
