// Charts of the satisfaction dashboard: the numbers come from a JSON block the server rendered.
(function () {
  const source = document.getElementById("satisfaction-chart-data");
  if (!source || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  const percentAxis = { min: 0, max: 100, ticks: { callback: (value) => value + "%" } };
  const flatLine = (label, value, count, color) => ({
    type: "line", label: label, data: Array(count).fill(value), borderColor: color,
    borderDash: [6, 4], pointRadius: 0, fill: false,
  });

  function draw(canvasId, series, reference, referenceLabel, kind) {
    const canvas = document.getElementById(canvasId);
    if (!canvas || !series.labels.length) return;
    const datasets = [
      { type: kind, label: data.labels.rate, data: series.rate, borderColor: "#1e7a3c", backgroundColor: "#1e7a3c99" },
      { type: kind, label: data.labels.not_dissatisfied, data: series.not_dissatisfied, borderColor: "#0b5cad", backgroundColor: "#0b5cad66" },
    ];
    if (reference !== null) datasets.push(flatLine(referenceLabel, reference, series.labels.length, "#b3261e"));
    new window.Chart(canvas, {
      data: { labels: series.labels, datasets: datasets },
      options: { animation: false, responsive: true, scales: { y: percentAxis } },
    });
  }

  draw("chart-periods", data.periods, data.target, data.labels.target, "line");
  draw("chart-officials", data.officials, data.threshold, data.labels.threshold, "bar");
})();
