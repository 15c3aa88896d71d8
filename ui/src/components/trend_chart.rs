//! The body-metrics trend chart: weight (left axis, in the user's unit) and body fat % (right
//! axis) over time, drawn by `plotters` into an SVG string and placed in the page as markup. SVG
//! rather than a canvas: it scales with the card, the browser renders its text, and the CSS of
//! both themes recolours its text and grid (`ui/styles/member.css`).

use plotters::prelude::*;
use trainmate_api::{BodyMetricEntry, WeightUnits};
use trainmate_core::date::LocalDate;
use trainmate_core::units::grams_to_lb_tenths;
use yew::prelude::*;

use crate::i18n::use_i18n;

/// The chart's drawing size (the SVG scales to its container through its viewBox).
const WIDTH: u32 = 560;
const HEIGHT: u32 = 220;
/// Series colours, readable on the light and the dark surface alike.
const WEIGHT_COLOUR: RGBColor = RGBColor(0x14, 0xb8, 0xa6);
const FAT_COLOUR: RGBColor = RGBColor(0xf5, 0x9e, 0x0b);
const AXIS_COLOUR: RGBColor = RGBColor(0x8a, 0x96, 0x93);

/// The points of one series: (days since 1970-01-01, value), oldest first.
pub type Series = Vec<(i32, f64)>;

/// Weight (kg or lb) and body fat (%) points from the entries, oldest first; entries without the
/// value (or with a date that does not parse) are skipped.
pub fn series(entries: &[BodyMetricEntry], units: WeightUnits) -> (Series, Series) {
    let mut dated: Vec<(i32, &BodyMetricEntry)> = entries
        .iter()
        .filter_map(|e| {
            LocalDate::parse(&e.measured_on)
                .ok()
                .map(|d| (d.days_since_epoch(), e))
        })
        .collect();
    dated.sort_by_key(|(day, _)| *day);
    let weight = dated
        .iter()
        .filter_map(|(day, e)| e.weight_g.map(|g| (*day, weight_value(g, units))))
        .collect();
    let fat = dated
        .iter()
        .filter_map(|(day, e)| e.body_fat_tenths.map(|t| (*day, f64::from(t) / 10.0)))
        .collect();
    (weight, fat)
}

/// A weight for plotting only (display strings never come from floats).
fn weight_value(grams: u32, units: WeightUnits) -> f64 {
    match units {
        WeightUnits::Kg => f64::from(grams) / 1000.0,
        WeightUnits::Lb => grams_to_lb_tenths(u64::from(grams)) as f64 / 10.0,
    }
}

/// The value range of a series with some room above and below (a flat series gets ±1).
fn padded(points: &[(i32, f64)]) -> std::ops::Range<f64> {
    let (min, max) = points
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), (_, v)| {
            (lo.min(*v), hi.max(*v))
        });
    if points.is_empty() {
        return 0.0..1.0;
    }
    let pad = ((max - min) * 0.15).max(1.0);
    (min - pad)..(max + pad)
}

/// An axis date: "MM-DD" within about a year, "YYYY-MM" over longer spans.
fn axis_date(day: i32, long_span: bool) -> String {
    LocalDate::from_epoch_days(i64::from(day))
        .map(|d| {
            if long_span {
                format!("{:04}-{:02}", d.year(), d.month())
            } else {
                format!("{:02}-{:02}", d.month(), d.day())
            }
        })
        .unwrap_or_default()
}

/// Decimals an axis needs so neighbouring labels differ (a narrow range gets one).
fn decimals(range: &std::ops::Range<f64>) -> usize {
    if range.end - range.start < 6.0 {
        1
    } else {
        0
    }
}

/// The chart as SVG markup, or `None` when there is nothing to draw (no weight and no body fat).
pub fn trend_svg(entries: &[BodyMetricEntry], units: WeightUnits) -> Option<String> {
    let (weight, fat) = series(entries, units);
    if weight.is_empty() && fat.is_empty() {
        return None;
    }
    let days = weight.iter().chain(fat.iter()).map(|(d, _)| *d);
    let (first, last) = days.fold((i32::MAX, i32::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
    // Room either side so the first and last dots are not cut by the axes (one day alone
    // still gets a visible span).
    let pad = ((last - first) / 25).max(1);
    let (first, last) = (first - pad, last + pad);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let label = ("sans-serif", 13).into_font().color(&AXIS_COLOUR);
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            // Without the right axis, room for the last date label.
            .margin_right(if fat.is_empty() { 24 } else { 10 })
            .x_label_area_size(28)
            .y_label_area_size(if weight.is_empty() { 0 } else { 44 })
            .right_y_label_area_size(if fat.is_empty() { 0 } else { 40 })
            .build_cartesian_2d(first..last, padded(&weight))
            .ok()?
            .set_secondary_coord(first..last, padded(&fat));
        let long_span = last - first > 400;
        let format_day = |d: &i32| axis_date(*d, long_span);
        let (weight_digits, fat_digits) = (decimals(&padded(&weight)), decimals(&padded(&fat)));
        let format_weight = |v: &f64| format!("{v:.weight_digits$}");
        let format_fat = |v: &f64| format!("{v:.fat_digits$}");
        let mut mesh = chart.configure_mesh();
        mesh.x_labels(5)
            .y_labels(4)
            .x_label_formatter(&format_day)
            .y_label_formatter(&format_weight)
            .label_style(label.clone())
            .axis_style(AXIS_COLOUR)
            .bold_line_style(AXIS_COLOUR.mix(0.25))
            .light_line_style(TRANSPARENT);
        if weight.is_empty() {
            mesh.disable_y_axis();
        }
        mesh.draw().ok()?;
        if !fat.is_empty() {
            chart
                .configure_secondary_axes()
                .y_labels(4)
                .y_label_formatter(&format_fat)
                .label_style(label)
                .axis_style(AXIS_COLOUR)
                .draw()
                .ok()?;
            chart
                .draw_secondary_series(LineSeries::new(
                    fat.iter().copied(),
                    FAT_COLOUR.stroke_width(2),
                ))
                .ok()?;
            chart
                .draw_secondary_series(fat.iter().map(|p| Circle::new(*p, 4, FAT_COLOUR.filled())))
                .ok()?;
        }
        if !weight.is_empty() {
            chart
                .draw_series(LineSeries::new(
                    weight.iter().copied(),
                    WEIGHT_COLOUR.stroke_width(2),
                ))
                .ok()?;
            chart
                .draw_series(
                    weight
                        .iter()
                        .map(|p| Circle::new(*p, 4, WEIGHT_COLOUR.filled())),
                )
                .ok()?;
        }
        root.present().ok()?;
    }
    Some(svg)
}

#[derive(Properties, PartialEq)]
pub struct TrendChartProps {
    pub entries: Vec<BodyMetricEntry>,
    pub units: WeightUnits,
}

/// The chart with its legend (HTML, so the legend is translated and uses the app's font), or a
/// hint when no entry has a weight or a body fat.
#[function_component(TrendChart)]
pub fn trend_chart(props: &TrendChartProps) -> Html {
    let i18n = use_i18n();
    let drawn = use_memo((props.entries.clone(), props.units), |(entries, units)| {
        let (weight, fat) = series(entries, *units);
        trend_svg(entries, *units).map(|svg| (svg, !weight.is_empty(), !fat.is_empty()))
    });
    let Some((svg, has_weight, has_fat)) = (*drawn).clone() else {
        return html! {
            <p class="muted" data-testid="metric-chart-empty">{ i18n.t("metrics-chart-empty") }</p>
        };
    };
    let unit = match props.units {
        WeightUnits::Kg => "kg",
        WeightUnits::Lb => "lb",
    };
    html! {
        <figure class="trend-chart" data-testid="metric-chart"
            aria-label={i18n.t("metrics-chart-title")}>
            <div class="trend-chart-svg">{ Html::from_html_unchecked(AttrValue::from(svg)) }</div>
            <figcaption class="trend-legend">
                if has_weight {
                    <span class="legend-item legend-item--weight">
                        { i18n.t_with("metrics-chart-weight", &[("unit", unit.into())]) }
                    </span>
                }
                if has_fat {
                    <span class="legend-item legend-item--fat">{ i18n.t("metrics-chart-fat") }</span>
                }
            </figcaption>
        </figure>
    }
}
