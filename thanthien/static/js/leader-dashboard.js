// The leader's twelve-month trend: the numbers come from a JSON block the server rendered.
(function () {
  const source = document.getElementById("trend-chart-data");
  const canvas = document.getElementById("chart-trend");
  if (!source || !canvas || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: data.names.on_time, data: data.on_time, borderColor: "#0b5cad", backgroundColor: "#0b5cad",
          borderWidth: 3, pointRadius: 4, spanGaps: true, clip: false, order: 0,
        },
        {
          label: data.names.satisfaction, data: data.satisfaction, borderColor: "#1e7a3c",
          backgroundColor: "#1e7a3c", borderDash: [6, 4], pointRadius: 3, pointStyle: "rect",
          spanGaps: true, clip: false, order: 1,
        },
      ],
    },
    // The y-axis starts a little under the lowest rate (the server's y_min), so that a change shows; the
    // on-time line is drawn on top (order 0) and its points at 100 % are not cut by the chart's edge.
    options: {
      animation: false,
      responsive: true,
      layout: { padding: { top: 8 } },
      plugins: { legend: { labels: { usePointStyle: true } } },
      scales: {
        y: { min: data.y_min, max: data.y_max, ticks: { stepSize: data.y_step, callback: (v) => v + "%" } },
      },
    },
  });
})();
