// Charts of the feedback figures: the numbers come from a JSON block the server rendered.
(function () {
  const source = document.getElementById("feedback-chart-data");
  if (!source || !window.Chart) return;
  const data = JSON.parse(source.textContent);

  function draw(canvasId, series, kind) {
    const canvas = document.getElementById(canvasId);
    if (!canvas || !series.labels.length) return;
    new window.Chart(canvas, {
      type: kind,
      data: {
        labels: series.labels,
        datasets: [
          { label: data.labels.received, data: series.received, borderColor: "#0b5cad", backgroundColor: "#0b5cad66" },
          { label: data.labels.resolved, data: series.resolved, borderColor: "#1e7a3c", backgroundColor: "#1e7a3c99" },
          { label: data.labels.overdue, data: series.overdue, borderColor: "#b3261e", backgroundColor: "#b3261e99" },
        ],
      },
      options: { animation: false, responsive: true, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  draw("chart-months", data.months, "line");
  draw("chart-kinds", data.kinds, "bar");
  draw("chart-topics", data.topics, "bar");
})();
