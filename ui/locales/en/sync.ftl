# Sync: the header's status and Settings → Sync (ui.md §3, §9), and "sign in with my sync server".
sync-title = Sync
sync-explain = Link a sync server to keep this trainer's data on several devices. Without one, everything stays on this device.
sync-state-synced = Synced
sync-state-pending = { $count ->
    [one] 1 change pending
   *[other] { $count } changes pending
}
sync-state-offline = Offline
sync-state-sign-in = Sign in again
sync-state-error = Sync error
sync-server = Server: { $url }
sync-last-success = Last synced { $time }
sync-never = Not synced yet
sync-pending-detail = { $count ->
    [one] 1 change waits to be sent.
   *[other] { $count } changes wait to be sent.
}
sync-conflicts-count = { $count ->
    [one] 1 conflict to review in Settings.
   *[other] { $count } conflicts to review in Settings.
}
sync-clock-ahead = This device's clock is { $amount } ahead of the server's. Check the date and time.
sync-clock-behind = This device's clock is { $amount } behind the server's. Check the date and time.
sync-clock-amount = { $hours ->
    [0] { $minutes } min
   *[other] { $hours } h { $minutes } min
}
sync-open-settings = Sync settings
sync-sign-in-again = The server no longer accepts this device. Sign in again: nothing on this device was deleted.
sync-server-url = Server address
sync-link-sign-in = Sign in to the server
sync-link-create = Create the account there
sync-linking = Linking…
sync-now = Sync now
sync-now-busy = Syncing…
sync-unlink = Stop syncing
sync-conflicts-title = Edited on two devices
sync-conflicts-empty = No conflicts: nothing was edited on two devices at once.
sync-conflict-what = { $what }: { $field }
sync-conflict-values = Kept { $kept }; the other device had { $lost }.
sync-restore = Restore { $lost }
sync-rejected-title = Changes the server refused
sync-table-users = Account
sync-table-body-metrics = Body metrics
sync-table-custom-exercises = Custom exercise
sync-table-daily-workouts = Workout day
sync-table-workout-exercises = Exercise in a workout
sync-table-exercise-sets = Set
sync-error-offline = The server could not be reached. Changes are kept and sent when it can be.
sync-error-server = The server had a problem. Sync will try again.
sync-error-rate-limited = The server asked to wait. Sync will try again.
sync-error-sign-in = Sign in to the server again.
sync-error-version = The server is older than this app. Ask for the server to be updated.
sync-error-server-behind = This device and the server disagree about which changes were sent (was this device restored from a backup?). Nothing here was deleted.
sync-error-local = This device's storage failed. Restart the app.
sync-error-unavailable = Sync is not available in this build.
sync-error-email-taken = That email already has an account on the server: sign in instead.
sync-error-other-trainer = That server account belongs to another trainer.
sync-error-other = The server refused ({ $code }).
sync-server-sign-in-link = Sign in with my sync server
sync-server-sign-in-title = Sign in with my sync server
sync-server-sign-in-explain = On a new device: your data comes from the server, then you are signed in here with the same email and password.
sync-server-sign-in-submit = Sign in and get my data
sync-server-sign-in-busy = Getting your data…
sync-server-sign-in-back = Back to sign-in
