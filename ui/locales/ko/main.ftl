# TrainMate — 한국어. 키는 en/main.ftl과 하나하나 같습니다 (컴포넌트 테스트가 확인).
app-name = TrainMate
loading = 불러오는 중…
language-switch = English

## Sign in
sign-in-title = 로그인하고 오늘의 운동을 기록하세요.
sign-in-email = 이메일
sign-in-password = 비밀번호
sign-in-keep = 로그인 상태 유지 (트레이너)
sign-in-submit = 로그인
sign-in-busy = 로그인 중…
sign-in-no-account = 아직 계정이 없나요?
sign-in-to-sign-up = 회원가입
sign-in-failed = 로그인하지 못했습니다. 다시 시도하세요.
sign-in-missing = 이메일과 비밀번호를 입력하세요.

## Sign up
sign-up-title = 계정 만들기
sign-up-step = { $step } / 3단계
sign-up-step-consent = 약관 동의
sign-up-step-account = 계정 정보
sign-up-step-password = 비밀번호
sign-up-have-account = 이미 계정이 있나요?
sign-up-to-sign-in = 로그인
sign-up-next = 다음
sign-up-back = 이전
sign-up-submit = 가입하기
sign-up-busy = 가입 중…
sign-up-failed = 가입하지 못했습니다. 다시 시도하세요.

consent-title = 시작하기 전에
consent-intro = TrainMate는 운동 기록을 이 기기에 보관합니다. 읽어 보고 동의해 주세요.
consent-all = 전체 동의
consent-terms = 이용약관 (필수)
consent-privacy = 개인정보 처리방침 (필수)
consent-marketing = 소식 및 혜택 알림 (선택)
consent-read = 보기
consent-hide = 닫기
consent-terms-text = TrainMate로 본인 또는 지도하는 회원의 운동과 신체 정보를 기록합니다. 비밀번호는 다른 사람에게 알려주지 마세요. 언제든 사용을 멈출 수 있으며, 데이터는 삭제할 때까지 이 기기에 남습니다.
consent-privacy-text = TrainMate는 이름, 이메일, 신체 정보와 운동 기록을 이 기기의 데이터베이스에 저장합니다. 동기화 서버를 연결하지 않으면 어디에도 전송하지 않습니다. 트레이너는 배정된 회원의 데이터를 볼 수 있습니다.
consent-marketing-text = 새 기능과 혜택을 알려드릴 수 있습니다. 설정에서 언제든 바꿀 수 있습니다.
consent-submit = 동의하고 계속
consent-required = 계속하려면 이용약관과 개인정보 처리방침에 동의하세요.

account-type = 가입 유형
account-trainer = 트레이너
account-member = 회원
account-name = 이름
account-email = 이메일

password-new = 비밀번호
password-confirm = 비밀번호 확인
password-policy = 비밀번호 조건:
policy-length = 10~128자
policy-letter = 문자 포함
policy-digit = 숫자 포함
policy-special = 특수문자 포함 (예: ! 또는 #)
policy-match = 확인 비밀번호 일치

## Welcome
welcome-title = { $name }님, 환영합니다!
welcome-ready = 계정이 준비되었습니다.
welcome-recovery-title = 복구 코드 — 꼭 적어 두세요
welcome-recovery-text = 이 코드로 네트워크 없이 비밀번호를 재설정할 수 있습니다. 지금 한 번만 보여 드리며 다시 볼 수 없습니다. 안전한 곳에 보관하세요.
welcome-home = 홈으로

## Shell
nav-home = 홈
nav-settings = 설정
nav-sign-out = 로그아웃
nav-main = 주 메뉴
role-trainer = 트레이너
role-member = 회원
sync-local-only = 로컬 전용
sync-local-only-detail = 연결된 동기화 서버가 없습니다. 모든 데이터는 이 기기에만 있습니다.

## Home
home-title = 오늘
home-sessions = 기록한 세션
home-kcal = 총 칼로리 (kcal)
home-members = 운동한 회원
home-empty = 오늘 기록한 세션이 아직 없습니다.
home-log-today = 오늘 운동 기록하기
home-error = 오늘의 요약을 불러오지 못했습니다.

## Settings
settings-title = 설정
settings-display = 화면
settings-language = 언어
settings-units = 단위
settings-theme = 테마
lang-ko = 한국어
lang-en = English
units-kg = kg
units-lb = lb
theme-light = 밝게
theme-dark = 어둡게
settings-saved = 저장했습니다.
settings-data = 데이터
settings-data-dir = 데이터베이스 위치
settings-version = 버전 { $version } · 스키마 { $schema }
settings-password = 비밀번호 변경
password-current = 현재 비밀번호
password-change-submit = 비밀번호 변경
password-changed = 비밀번호를 변경했습니다.

## Errors
error-wrong-credentials = 이메일 또는 비밀번호가 올바르지 않습니다.
error-too-many-attempts = 시도 횟수가 너무 많습니다. { $seconds }초 후에 다시 시도하세요.
error-unauthenticated = 세션이 끝났습니다. 다시 로그인하세요.
error-consent-required = 필수 항목에 먼저 동의하세요.
error-forbidden = 이 계정으로는 할 수 없는 작업입니다.
error-not-found = 찾을 수 없습니다.
error-conflict = 기존 데이터와 충돌합니다.
error-ipc = 앱에 연결하지 못했습니다. 앱을 다시 시작한 뒤 시도하세요.
error-internal = 앱 내부에서 문제가 생겼습니다. 다시 시도하세요.
error-invalid = 표시된 항목을 확인하세요.

rule-required = 필수 항목입니다.
rule-min = 값이 너무 작습니다.
rule-max = 값이 너무 큽니다.
rule-format = 형식이 올바르지 않습니다.
rule-too_short = 너무 짧습니다.
rule-too_long = 너무 깁니다.
rule-weak = 문자, 숫자, 특수문자를 모두 넣으세요.
rule-mismatch = 일치하지 않습니다.
rule-taken = 이미 사용 중입니다.
rule-must_accept = 계속하려면 동의가 필요합니다.
rule-type = 허용되지 않는 값입니다.
rule-current_password-mismatch = 현재 비밀번호가 올바르지 않습니다.
rule-email-taken = 이미 사용 중인 이메일입니다.

## Recovery (trainers, offline)
sign-in-forgot = 비밀번호를 잊으셨나요?
recovery-title = 복구 코드로 재설정
recovery-intro = 트레이너는 가입할 때 복구 코드를 받았습니다. 이 코드로 네트워크 없이 이 기기에서 비밀번호를 재설정합니다.
recovery-email = 이메일
recovery-code = 복구 코드
recovery-submit = 비밀번호 재설정
recovery-busy = 재설정 중…
recovery-wrong = 이메일 또는 복구 코드가 올바르지 않습니다.
recovery-done-title = 비밀번호를 재설정했습니다
recovery-new-code = 새 복구 코드 — 꼭 적어 두세요
recovery-new-code-text = 이전 코드는 더 이상 쓸 수 없습니다. 이 코드는 지금 한 번만 보여 드립니다.
recovery-to-sign-in = 로그인

## Members (trainers)
nav-members = 회원
nav-my-page = 내 정보
nav-history = 운동 기록
switch-user = 사용자 전환
members-title = 회원
members-count = 회원 { $count }명
members-add = 회원 추가
members-add-submit = 회원 추가
members-find = 회원 찾기
members-find-label = 이름 또는 이메일
members-find-hint = 트레이너가 아직 없는 회원을 이름이나 이메일로 찾으세요.
members-find-none = 일치하는 미배정 회원이 없습니다.
members-assign = 배정
members-search = 이름, 이메일, 전화번호로 검색 (초성 가능)
members-me = 나
members-last-session = 최근 운동 { $date }
members-no-sessions = 아직 운동 기록 없음
members-empty = 아직 회원이 없습니다 — 첫 회원을 추가하세요.
members-no-match = 검색과 일치하는 회원이 없습니다.
members-back = ← 목록으로
members-phone = 전화번호
members-phone-optional = 전화번호 (선택)
members-password-hint = 회원이 이 기기에서 로그인할 때만 비밀번호를 정하세요. 회원은 처음 로그인할 때 약관에 동의합니다.
members-saving = 저장 중…
members-release = 배정 해제
members-release-title = { $name } 님의 배정을 해제할까요?
members-release-explain = 아무것도 삭제되지 않습니다. 회원의 계정, 운동 기록, 신체 정보는 그대로 남고, 회원이 내 목록에서만 빠집니다. 나중에 다시 찾아 배정할 수 있습니다.
members-reset-password = 비밀번호 재설정
members-reset-title = { $name } 님의 새 비밀번호
members-reset-submit = 비밀번호 설정
members-added = 회원을 추가했습니다.
members-assigned = 회원을 배정했습니다.
members-released = 배정을 해제했습니다. 삭제된 것은 없습니다.
members-password-reset = 비밀번호를 바꿨습니다.
dialog-close = 닫기
dialog-cancel = 취소
retry = 다시 시도
rule-phone-format = 010-1234-5678 형식으로 전화번호를 입력하세요.
rule-phone-too_short = 010-1234-5678 형식으로 전화번호를 입력하세요.
