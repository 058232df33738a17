// Cairn's dashboards work without this file: every chart has a table beside it with the same
// numbers. With it, each element with data-chart (the numbers, as JSON, which the server wrote from
// that table) becomes an Apache ECharts chart, its aria description on and its series told apart by
// patterns as well as colours. Nothing is evaluated: the numbers are read with JSON.parse.
document.addEventListener('DOMContentLoaded', function () {
  if (!window.echarts) {
    return;
  }
  var charts = [];
  document.querySelectorAll('[data-chart]').forEach(function (element) {
    var spec = JSON.parse(element.getAttribute('data-chart'));
    element.hidden = false;
    var chart = echarts.init(element, null, {renderer: 'canvas'});
    var crowded = spec.categories.length > 4;
    var category = {type: 'category', data: spec.categories,
      axisLabel: {interval: 0, rotate: crowded ? 30 : 0, width: crowded ? 140 : 200, overflow: 'truncate'}};
    var value = {type: 'value', max: spec.percent ? 100 : null, minInterval: spec.type === 'line' ? 1 : null,
      axisLabel: {formatter: spec.percent ? '{value}%' : '{value}'}};
    chart.setOption({
      aria: {enabled: true, decal: {show: true}},
      animation: false,
      // drawn in the canvas: an HTML tooltip would need inline styles, which the pages' policy refuses
      tooltip: {trigger: 'axis', renderMode: 'richText'},
      legend: {type: 'scroll', bottom: 0},
      grid: {containLabel: true, left: 8, right: 16, top: 16, bottom: 40},
      xAxis: category,
      yAxis: value,
      series: spec.series.map(function (s) {
        return {name: s.name, type: spec.type, data: s.data, showSymbol: true, symbolSize: 8};
      })
    });
    charts.push(chart);
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
});
