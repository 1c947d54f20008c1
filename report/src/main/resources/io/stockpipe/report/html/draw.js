// Draws every chart from its JSON options; when the last has finished drawing, marks the page
// ready (data-report-ready), which the browser test waits for.
(function () {
  var root = document.documentElement;
  var holders = document.querySelectorAll('[data-chart]');
  var drawn = 0;
  function mark() {
    root.setAttribute('data-charts-drawn', String(drawn));
    if (drawn === holders.length) {
      root.setAttribute('data-report-ready', 'true');
    }
  }
  mark();
  holders.forEach(function (holder) {
    try {
      var option = JSON.parse(document.getElementById(holder.getAttribute('data-chart')).textContent);
      var chart = echarts.init(holder, null, { renderer: 'svg' });
      chart.on('finished', function () {
        if (!holder.hasAttribute('data-drawn')) {
          holder.setAttribute('data-drawn', 'true');
          drawn++;
          mark();
        }
      });
      chart.setOption(option);
      window.addEventListener('resize', function () { chart.resize(); });
    } catch (e) {
      window.stockpipeRecordError(holder.getAttribute('data-chart') + ': ' + e.message);
    }
  });
})();
