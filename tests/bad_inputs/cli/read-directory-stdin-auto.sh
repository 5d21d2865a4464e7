"$WOD_RUN" - --auto < /
