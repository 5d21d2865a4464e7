"$WOD_RUN" --replay /
