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
        { label: data.names.on_time, data: data.on_time, borderColor: "#0b5cad", spanGaps: true },
        { label: data.names.satisfaction, data: data.satisfaction, borderColor: "#1e7a3c", spanGaps: true },
      ],
    },
    options: { animation: false, responsive: true, scales: { y: { min: 0, max: 100 } } },
  });
})();
