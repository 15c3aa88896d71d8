# 회원 페이지, 신체 정보, 운동 기록.
welcome-body-data = 내 신체 정보 입력

## 회원 페이지
member-not-found-title = 회원을 찾을 수 없습니다
member-not-found-text = 이 주소에는 볼 수 있는 회원이 없습니다. 담당이 해제되었거나 주소가 잘못되었을 수 있습니다.
member-my-trainer = 담당 트레이너
member-no-trainer = 아직 담당 트레이너가 없습니다. 트레이너가 이름이나 이메일로 회원님을 찾을 수 있습니다.
member-birth-date = 생년월일
member-birth-date-optional = 생년월일 (선택)
member-edit-profile = 프로필 수정
member-profile-saved = 프로필을 저장했습니다.
member-save = 저장
member-photo = 사진 변경
member-photo-uploading = 올리는 중…
member-photo-unreadable = 파일을 읽을 수 없습니다. 다시 선택해 주세요.
rule-data_base64-format = PNG, JPEG 또는 WebP 이미지를 선택해 주세요.
rule-data_base64-max = 사진이 5MB보다 큽니다. 더 작은 사진을 선택해 주세요.
rule-data_base64-required = 빈 파일입니다. 이미지를 선택해 주세요.
rule-birth_date-format = 올바른 날짜를 입력해 주세요.

## 신체 정보
metrics-title = 신체 정보
metrics-add = 기록 추가
metrics-add-title = 새 신체 정보 기록
metrics-edit-title = 기록 수정
metrics-height = 키
metrics-weight = 체중
metrics-body-fat = 체지방률
metrics-muscle = 골격근량
metrics-muscle-short = 골격근
metrics-date = 측정일
metrics-height-cm = 키 (cm)
metrics-weight-unit = 체중 ({ $unit })
metrics-body-fat-percent = 체지방률 (%)
metrics-muscle-unit = 골격근량 ({ $unit })
metrics-number-format = 70.5처럼 숫자로 입력해 주세요.
metrics-entries = 기록
metrics-empty = 아직 신체 정보가 없습니다 — 첫 기록을 추가하면 변화 추이가 보입니다.
metrics-edit = 수정
metrics-delete = 삭제
metrics-edit-label = { $date } 기록 수정
metrics-delete-label = { $date } 기록 삭제
metrics-delete-title = { $date } 기록을 삭제할까요?
metrics-delete-explain = 다음 값이 사라집니다: { $values }. 다른 기록은 그대로 남습니다.
metrics-saved = 기록을 저장했습니다.
metrics-deleted = 기록을 삭제했습니다.
metrics-chart-title = 체중과 체지방률 추이
metrics-chart-weight = 체중 ({ $unit })
metrics-chart-fat = 체지방률 (%)
metrics-chart-empty = 체중이나 체지방률을 기록하면 추이가 보입니다.
rule-values-required = 값을 하나 이상 입력해 주세요.
rule-measured_on-format = 올바른 날짜를 입력해 주세요.
rule-measured_on-required = 측정한 날짜를 선택해 주세요.
rule-height_mm-min = 키는 50cm 이상이어야 합니다.
rule-height_mm-max = 키는 272cm 이하여야 합니다.
rule-metric-weight_g-min = 체중은 2kg(4.4lb) 이상이어야 합니다.
rule-metric-weight_g-max = 체중은 635kg(1400lb) 이하여야 합니다.
rule-body_fat_tenths-min = 체지방률은 1% 이상이어야 합니다.
rule-body_fat_tenths-max = 체지방률은 75% 이하여야 합니다.
rule-skeletal_muscle_g-min = 골격근량은 1kg(2.2lb) 이상이어야 합니다.
rule-skeletal_muscle_g-max = 골격근량은 체중보다 클 수 없습니다.

## 운동 기록
records-title = 운동 기록
records-date = 날짜
records-time = 시간
records-kcal = kcal
records-volume = 볼륨
records-sets = 세트
records-empty = 이 날은 운동 기록이 없습니다 — 세션을 시작해 기록해 보세요.
records-start = 세션 시작
records-continue = 세션 이어서 하기
records-history = 지난 기록
records-exercise-facts = { $sets }세트 · { $time } · { $kcal } kcal

## 지난 기록
history-title = 지난 기록
history-title-of = { $name } — 지난 기록
history-back = ← 회원 페이지
history-empty = 아직 세션이 없습니다 — 세션을 시작하면 여기에 표시됩니다.
history-edit = 수정
history-more = 이전 기록 더 보기 ({ $count }개 더)
history-exercise-count = 운동 { $count }개
history-set-type-warm-up = 워밍업
history-set-type-drop = 드롭 세트
history-set-type-failure = 실패 지점까지
