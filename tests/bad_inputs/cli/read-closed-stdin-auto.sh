"$WOD_RUN" - --auto <&-
