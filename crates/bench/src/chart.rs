//! The pacing chart (`pacing.svg`): one panel per vendor policy, requests per second over
//! time for our client and the naive one, against the vendor's limit line. SVG only (plotters
//! with its SVG backend; text is left to the viewer's fonts).

use std::path::Path;

use anyhow::{Result, anyhow};
use plotters::prelude::*;

/// One panel: a vendor policy's lines.
#[derive(Debug)]
pub struct Panel {
    /// The panel's title (the policy).
    pub title: String,
    /// The documented limit, requests per second (a dashed line).
    pub limit: f64,
    /// The run's end, in seconds (the x axis).
    pub end: f64,
    /// The rolling window of the rates, in seconds.
    pub window: f64,
    /// Named series of `(seconds, requests per second)`.
    pub lines: Vec<(String, Vec<(f64, f64)>)>,
}

/// Naive sent, naive ok, ours ok.
const COLORS: [RGBColor; 4] = [
    RGBColor(255, 127, 14),
    RGBColor(214, 39, 40),
    RGBColor(31, 119, 180),
    RGBColor(44, 160, 44),
];

/// Draws `panels` stacked vertically into an SVG file at `path`.
pub fn draw(path: &Path, panels: &[Panel]) -> Result<()> {
    let height = u32::try_from(panels.len().max(1))
        .unwrap_or(1)
        .saturating_mul(320);
    let root = SVGBackend::new(path, (900, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| anyhow!("chart: {e}"))?;
    let areas = root.split_evenly((panels.len().max(1), 1));
    for (panel, area) in panels.iter().zip(areas.iter()) {
        draw_panel(area, panel).map_err(|e| anyhow!("chart: {e}"))?;
    }
    root.present().map_err(|e| anyhow!("chart: {e}"))?;
    Ok(())
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    panel: &Panel,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let top = panel
        .lines
        .iter()
        .flat_map(|(_, points)| points.iter().map(|p| p.1))
        .fold(panel.limit, f64::max)
        * 1.15;
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.title, ("sans-serif", 16))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(50)
        .build_cartesian_2d(0.0..panel.end, 0.0..top.max(1.0))?;
    chart
        .configure_mesh()
        .x_desc(format!(
            "seconds since the sandbox started (rates over a rolling {} s window)",
            panel.window
        ))
        .y_desc("requests / s")
        .draw()?;
    let limit = panel.limit;
    chart
        .draw_series(DashedLineSeries::new(
            [(0.0, limit), (panel.end, limit)],
            6,
            4,
            BLACK.stroke_width(1),
        ))?
        .label(format!("documented limit {limit:.0}/s"))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK));
    for (i, (name, points)) in panel.lines.iter().enumerate() {
        let color = COLORS.get(i % COLORS.len()).copied().unwrap_or(BLACK);
        chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                color.stroke_width(2),
            ))?
            .label(name.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::LowerRight)
        .draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn draws_an_svg_with_every_line_and_the_limit() {
        let dir = std::env::temp_dir().join(format!("bench-chart-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("pacing.svg");
        let panel = Panel {
            title: "resOS".into(),
            limit: 100.0,
            end: 5.0,
            window: 1.0,
            lines: vec![
                ("ours ×8: ok/s".into(), vec![(1.0, 100.0), (2.0, 99.0)]),
                ("naive ×8: ok/s".into(), vec![(1.0, 90.0), (2.0, 110.0)]),
            ],
        };
        draw(&path, &[panel]).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40.min(svg.len())]);
        assert!(svg.contains("documented limit 100/s"));
        assert!(svg.contains("naive ×8: ok/s"));
        assert!(svg.matches("<polyline").count() >= 2);
    }
}
