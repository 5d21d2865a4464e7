"$WOD_RUN" - --steps "next; tick 1000" <&-
