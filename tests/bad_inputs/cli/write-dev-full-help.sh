"$WOD_RUN" --help > /dev/full
