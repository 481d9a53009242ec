// The indicator chart: actual values against the planned path and the target (ECharts,
// shipped with the package). Data and labels come from the page as JSON.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("path-chart");
  var data = document.getElementById("path-data");
  if (!el || !data || !window.echarts) return;
  var d = JSON.parse(data.textContent);
  var labels = JSON.parse(el.dataset.labels);
  var chart = echarts.init(el);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 16, right: 24, top: 40, bottom: 16, containLabel: true },
    xAxis: { type: "category", data: d.years },
    yAxis: { type: "value", scale: true, name: d.unit },
    series: [
      { name: labels.actual, type: "line", data: d.actual, connectNulls: false, symbolSize: 7 },
      { name: labels.planned, type: "line", data: d.planned, lineStyle: { type: "dashed" }, symbol: "none", color: "#9e9e9e" },
      { name: labels.target, type: "scatter", data: d.target, symbol: "diamond", symbolSize: 14, color: "#e53935" },
      { name: labels.stretch, type: "scatter", data: d.stretch, symbol: "triangle", symbolSize: 12, color: "#fb8c00" }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
});

// Charts whose ECharts option the page carries as JSON: <div class="echart" data-option="ID">
// with <script type="application/json" id="ID">.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) return;
  document.querySelectorAll(".echart[data-option]").forEach(function (el) {
    var source = document.getElementById(el.dataset.option);
    if (!source) return;
    var chart = echarts.init(el);
    chart.setOption(JSON.parse(source.textContent));
    window.addEventListener("resize", function () { chart.resize(); });
  });
});
