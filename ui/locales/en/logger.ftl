# The session logger: exercise picker, sets, timers, totals and calories.
