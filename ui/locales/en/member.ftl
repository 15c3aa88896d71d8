# The member page, body metrics and history.
welcome-body-data = Enter my body data

## Member page
member-not-found-title = Member not found
member-not-found-text = There is no member at this address that you can see. They may have been released, or the address is wrong.
member-my-trainer = My trainer
member-no-trainer = You have no trainer yet. A trainer can find you by your name or email.
member-birth-date = Birth date
member-birth-date-optional = Birth date (optional)
member-edit-profile = Edit profile
member-profile-saved = Profile saved.
member-save = Save
member-photo = Change photo
member-photo-uploading = Uploading…
member-photo-unreadable = The file could not be read. Pick it again.
rule-data_base64-format = Choose a PNG, JPEG or WebP image.
rule-data_base64-max = The photo is larger than 5 MB. Choose a smaller one.
rule-data_base64-required = The file is empty. Choose an image.
rule-birth_date-format = Enter a real date.

## Body metrics
metrics-title = Body metrics
metrics-add = Add entry
metrics-add-title = New body-metrics entry
metrics-edit-title = Edit entry
metrics-height = Height
metrics-weight = Weight
metrics-body-fat = Body fat
metrics-muscle = Skeletal muscle
metrics-muscle-short = muscle
metrics-date = Measured on
metrics-height-cm = Height (cm)
metrics-weight-unit = Weight ({ $unit })
metrics-body-fat-percent = Body fat (%)
metrics-muscle-unit = Skeletal muscle ({ $unit })
metrics-number-format = Enter a number like 70.5.
metrics-entries = Entries
metrics-empty = No body data yet — add the first entry to see the trend.
metrics-edit = Edit
metrics-delete = Delete
metrics-edit-label = Edit the entry of { $date }
metrics-delete-label = Delete the entry of { $date }
metrics-delete-title = Delete the entry of { $date }?
metrics-delete-explain = These values will be lost: { $values }. Other entries stay.
metrics-saved = Entry saved.
metrics-deleted = Entry deleted.
metrics-chart-title = Weight and body fat over time
metrics-chart-weight = Weight ({ $unit })
metrics-chart-fat = Body fat (%)
metrics-chart-empty = Add a weight or body fat to see the trend.
rule-values-required = Enter at least one value.
rule-measured_on-format = Enter a real date.
rule-measured_on-required = Pick the date of the measurement.
rule-height_mm-min = Height must be at least 50 cm.
rule-height_mm-max = Height must be at most 272 cm.
rule-metric-weight_g-min = Weight must be at least 2 kg (4.4 lb).
rule-metric-weight_g-max = Weight must be at most 635 kg (1400 lb).
rule-body_fat_tenths-min = Body fat must be at least 1 %.
rule-body_fat_tenths-max = Body fat must be at most 75 %.
rule-skeletal_muscle_g-min = Skeletal muscle must be at least 1 kg (2.2 lb).
rule-skeletal_muscle_g-max = Skeletal muscle cannot be more than the body weight.

## Records
records-title = Records
records-date = Date
records-time = Time
records-kcal = kcal
records-volume = Volume
records-sets = Sets
records-empty = No exercises on this day — start a session to log one.
records-start = Start session
records-continue = Continue session
records-history = History
records-exercise-facts = { $sets } sets · { $time } · { $kcal } kcal

## History
history-title = History
history-title-of = { $name } — history
history-back = ← Member page
history-empty = No sessions yet — start a session and it will show here.
history-edit = Edit
history-more = Show older sessions ({ $count } more)
history-exercise-count = { $count ->
    [one] 1 exercise
   *[other] { $count } exercises
}
history-set-type-warm-up = warm-up
history-set-type-drop = drop set
history-set-type-failure = to failure
