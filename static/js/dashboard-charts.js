/* Dashboard charts: read the JSON the page embeds (json_script) and draw it with Chart.js. */
(function () {
  "use strict";
  var css = getComputedStyle(document.documentElement);
  function colour(name, fallback) { return (css.getPropertyValue(name) || fallback).trim() || fallback; }
  var C = {
    red: colour("--status-red", "#c53030"),
    amber: colour("--status-amber", "#b7791f"),
    green: colour("--status-green", "#1f7a3a"),
    done: colour("--done", "#4b5563"),
    late: colour("--late", "#a3aab5"),
    brand: "#7a1515"
  };
  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var number = new Intl.NumberFormat("vi-VN");
  function base(extra) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12, usePointStyle: true } } },
      scales: {}
    };
    return Object.assign(options, extra || {});
  }

  function cumulative() {
    var data = read("data-cumulative");
    var el = document.getElementById("chart-cumulative");
    if (!data || !el) return;
    new Chart(el, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Đã đến hạn (cộng dồn)", data: data.due, borderColor: C.red, backgroundColor: C.red,
            borderDash: [6, 4], pointRadius: 0, stepped: true, borderWidth: 2 },
          { label: "Đã hoàn thành", data: data.done, borderColor: C.green, backgroundColor: "rgba(31,122,58,.12)",
            fill: true, pointRadius: 0, tension: .25, borderWidth: 2 },
          { label: "Hoàn thành đúng hạn", data: data.on_time, borderColor: C.done, backgroundColor: C.done,
            pointRadius: 0, tension: .25, borderWidth: 2 }
        ]
      },
      options: base({
        scales: {
          x: { ticks: { maxTicksLimit: 10, maxRotation: 0 }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { precision: 0, callback: function (v) { return number.format(v); } } }
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, usePointStyle: true } },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + number.format(c.parsed.y); } } }
        }
      })
    });
  }

  function byChild() {
    var data = read("data-by-child");
    var el = document.getElementById("chart-by-child");
    if (!data || !el) return;
    new Chart(el, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Quá hạn", data: data.overdue, backgroundColor: C.red, borderRadius: 3 },
          { label: "Sắp đến hạn", data: data.due_soon, backgroundColor: C.amber, borderRadius: 3 }
        ]
      },
      options: base({
        indexAxis: "y",
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0, callback: function (v) { return number.format(v); } } },
          y: { stacked: true, ticks: { autoSkip: false, font: { size: 11 } }, grid: { display: false } }
        }
      })
    });
  }

  function byLevel() {
    var data = read("data-by-level");
    var el = document.getElementById("chart-by-level");
    if (!data || !el) return;
    var series = [
      ["done_on_time", "Hoàn thành đúng hạn", C.done],
      ["done_late", "Hoàn thành quá hạn", C.late],
      ["on_track", "Trong hạn", C.green],
      ["due_soon", "Sắp đến hạn", C.amber],
      ["overdue", "Quá hạn", C.red]
    ];
    new Chart(el, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: series.map(function (s) { return { label: s[1], data: data[s[0]], backgroundColor: s[2] }; })
      },
      options: base({
        indexAxis: "y",
        scales: {
          x: { stacked: true, max: 100, ticks: { callback: function (v) { return v + "%"; } } },
          y: { stacked: true, grid: { display: false } }
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12, usePointStyle: true } },
          tooltip: { callbacks: {
            label: function (c) { return c.dataset.label + ": " + c.parsed.x.toLocaleString("vi-VN") + "%"; },
            footer: function (items) {
              var i = items[0].dataIndex;
              return "Đúng hạn trên số việc đã đến hạn: " + data.on_time_share[i].toLocaleString("vi-VN") +
                "% · " + number.format(data.total[i]) + " nhiệm vụ";
            }
          } }
        }
      })
    });
  }

  function latency() {
    var data = read("data-latency");
    var el = document.getElementById("chart-latency");
    if (!data || !el) return;
    var palette = [C.brand, "#c05621", C.amber, C.green, "#2b6cb0", "#6b46c1"];
    new Chart(el, {
      type: "line",
      data: {
        datasets: data.levels.map(function (level, i) {
          return { label: level.label, data: level.points, borderColor: palette[i % palette.length],
            backgroundColor: palette[i % palette.length], stepped: true, pointRadius: 0, borderWidth: 2 };
        })
      },
      options: base({
        parsing: false,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          x: { type: "linear", beginAtZero: true, title: { display: true, text: "Ngày kể từ khi ban hành văn bản chỉ đạo" } },
          y: { beginAtZero: true, title: { display: true, text: "Số cơ quan đã ban hành" },
               ticks: { precision: 0, callback: function (v) { return number.format(v); } } }
        }
      })
    });
  }

  function start() {
    if (typeof Chart === "undefined") return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = "#4b5563";
    cumulative(); byChild(); byLevel(); latency();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
