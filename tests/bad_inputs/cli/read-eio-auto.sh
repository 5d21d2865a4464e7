"$WOD_RUN" /proc/self/mem --auto
