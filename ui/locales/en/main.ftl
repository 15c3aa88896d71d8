# TrainMate — English. Keys match ko/main.ftl one for one (a component test checks).
app-name = TrainMate
loading = Loading…
language-switch = 한국어

## Sign in
sign-in-title = Sign in to log today's sessions.
sign-in-email = Email
sign-in-password = Password
sign-in-keep = Keep me signed in (trainers)
sign-in-submit = Sign in
sign-in-busy = Signing in…
sign-in-no-account = No account yet?
sign-in-to-sign-up = Create an account
sign-in-failed = Signing in failed. Try again.
sign-in-missing = Enter your email and password.

## Sign up
sign-up-title = Create your account
sign-up-step = Step { $step } of 3
sign-up-step-consent = Consent
sign-up-step-account = Account
sign-up-step-password = Password
sign-up-have-account = Already have an account?
sign-up-to-sign-in = Sign in
sign-up-next = Next
sign-up-back = Back
sign-up-submit = Create account
sign-up-busy = Creating…
sign-up-failed = Sign-up failed. Try again.

consent-title = Before you start
consent-intro = TrainMate keeps your training data on this device. Please read and agree.
consent-all = Agree to all
consent-terms = Terms of service (required)
consent-privacy = Privacy policy (required)
consent-marketing = News and offers (optional)
consent-read = Read
consent-hide = Hide
consent-terms-text = You use TrainMate to record workouts and body data for yourself or for the members you train. Keep your password private. You may stop using the app at any time; your data stays on this device until you delete it.
consent-privacy-text = TrainMate stores your name, email, body data and workouts in a database on this device. Nothing is sent anywhere unless you link a sync server. A trainer sees the data of the members assigned to them.
consent-marketing-text = We may tell you about new features and offers. You can change this at any time in settings.
consent-submit = Agree and continue
consent-required = Agree to the terms and the privacy policy to continue.

account-type = I am a
account-trainer = Trainer
account-member = Member
account-name = Name
account-email = Email

password-new = Password
password-confirm = Confirm password
password-policy = Your password needs:
policy-length = 10 to 128 characters
policy-letter = a letter
policy-digit = a digit
policy-special = a special character (e.g. ! or #)
policy-match = the confirmation to match

## Welcome
welcome-title = Welcome, { $name }!
welcome-ready = Your account is ready.
welcome-recovery-title = Your recovery code — write this down
welcome-recovery-text = This code resets your password without a network. It is shown only once and cannot be shown again. Keep it somewhere safe.
welcome-home = Go home

## Shell
nav-home = Home
nav-settings = Settings
nav-sign-out = Sign out
nav-main = Main navigation
role-trainer = Trainer
role-member = Member
sync-local-only = Local only
sync-local-only-detail = No sync server is linked: everything stays on this device.

## Home
home-title = Today
home-sessions = Sessions logged
home-kcal = Total kcal
home-members = Members trained
home-empty = No sessions logged today yet.
home-log-today = Log today's workout
home-error = Today's summary could not be loaded.

## Settings
settings-title = Settings
settings-display = Display
settings-language = Language
settings-units = Units
settings-theme = Theme
lang-ko = 한국어
lang-en = English
units-kg = kg
units-lb = lb
theme-light = Light
theme-dark = Dark
settings-saved = Saved.
settings-data = Data
settings-data-dir = Where the database lives
settings-version = Version { $version } · schema { $schema }
settings-password = Change password
password-current = Current password
password-change-submit = Change password
password-changed = Your password was changed.

## Errors
error-wrong-credentials = Email or password is wrong.
error-too-many-attempts = Too many attempts. Try again in { $seconds } seconds.
error-unauthenticated = Your session ended. Sign in again.
error-consent-required = Give the required consents first.
error-forbidden = This account may not do that.
error-not-found = Not found.
error-conflict = That clashes with existing data.
error-ipc = Could not reach the app. Restart it and try again.
error-internal = Something went wrong inside the app. Try again.
error-invalid = Check the highlighted fields.

rule-required = Required.
rule-min = Too small.
rule-max = Too large.
rule-format = Not in the expected format.
rule-too_short = Too short.
rule-too_long = Too long.
rule-weak = Add a letter, a digit and a special character.
rule-mismatch = Does not match.
rule-taken = Already in use.
rule-must_accept = Required to continue.
rule-type = Not an allowed value.
rule-current_password-mismatch = The current password is wrong.
rule-email-taken = This email is already in use.

## Recovery (trainers, offline)
sign-in-forgot = Forgot your password?
recovery-title = Reset with your recovery code
recovery-intro = Trainers got a recovery code when they signed up. It resets the password on this device without a network.
recovery-email = Email
recovery-code = Recovery code
recovery-submit = Reset password
recovery-busy = Resetting…
recovery-wrong = The email or the recovery code is wrong.
recovery-done-title = Your password was reset
recovery-new-code = Your new recovery code — write this down
recovery-new-code-text = The old code no longer works. This one is shown only once.
recovery-to-sign-in = Sign in

## Members (trainers)
nav-members = Members
nav-my-page = My page
nav-history = History
switch-user = Switch user
members-title = Members
members-count = { $count } members
members-add = Add member
members-add-submit = Add member
members-find = Find member
members-find-label = Name or email
members-find-hint = Type a name or email to find members who have no trainer yet.
members-find-none = No unassigned member matches.
members-assign = Assign
members-search = Search by name, email or phone (ㄱㄴㄷ works)
members-me = me
members-last-session = Last session { $date }
members-no-sessions = No sessions yet
members-empty = No members yet — add your first member.
members-no-match = No member matches this search.
members-back = ← Back to the list
members-phone = Phone
members-phone-optional = Phone (optional)
members-password-hint = A password only if the member will sign in on this device; they agree to the terms at their first sign-in.
members-saving = Saving…
members-release = Release
members-release-title = Release { $name }?
members-release-explain = Nothing is deleted: the member's account, records and body metrics stay. They leave your list and can be found and assigned again.
members-reset-password = Reset password
members-reset-title = New password for { $name }
members-reset-submit = Set password
members-added = Member added.
members-assigned = Member assigned.
members-released = Member released. Nothing was deleted.
members-password-reset = Password changed.
dialog-close = Close
dialog-cancel = Cancel
retry = Try again
rule-phone-format = Enter a phone number like 010-1234-5678.
rule-phone-too_short = Enter a phone number like 010-1234-5678.
