/* The council board: live figures from the gateway's Socket.IO namespace /live (figures only). */
(function () {
  'use strict';

  var TEXT = {
    zh: {
      title: '消费维权实时看板', connected: '实时连接', disconnected: '未连接', asOf: '数据截至', allDistricts: '全部县（市、区）', drillHint: '点击某县（市、区）查看其各类别', acceptedSub: '件',
      yuan: '元', byCategory: '按类别', byDistrict: '按县（市、区）', byMonth: '按月份', toggle: 'English', export: '导出 Excel',
      footer: '数据来源：12315/12345 消费维权工作流系统，仅含统计数字，不含个人信息。',
      accepted: '受理投诉', succeeded: '调解成功', recovered: '挽回经济损失（元）', successRate: '成功调解率',
      mediationSuccessRate: '成功调解率', moneyRecovered: '挽回经济损失', onTimeVerificationRate: '举报按时核查率',
      period: '统计期间', unrouted: '未分派', none: '暂无应核查举报', definition: '口径：',
      onTimeAcknowledgmentRate: '12345按时签收率', onTimeReplyRate: '12345按时办结率', satisfactionRate: '满意率',
      noneDue: '暂无到期工单', noCallbacks: '暂无回访',
      provinceAvg: '全省平均', about: '约', points: '个百分点', higher: '高', lower: '低', rank: '全省第', rankSuffix: '名',
    },
    en: {
      title: 'Consumer rights — live board', connected: 'Live', disconnected: 'Disconnected', asOf: 'Figures as of', allDistricts: 'All districts', drillHint: 'Click a district to see its categories', acceptedSub: 'complaints',
      yuan: 'yuan', byCategory: 'By category', byDistrict: 'By district', byMonth: 'By month', toggle: '中文', export: 'Export to Excel',
      footer: 'Source: the 12315/12345 consumer-rights workflow system. Figures only, no personal data.',
      accepted: 'Complaints accepted', succeeded: 'Mediation succeeded', recovered: 'Money recovered (yuan)', successRate: 'Mediation success rate',
      mediationSuccessRate: 'Mediation success rate', moneyRecovered: 'Money recovered for consumers', onTimeVerificationRate: 'On-time report verification rate',
      period: 'Period', unrouted: 'Not yet routed', none: 'No report verification due', definition: 'Definition: ',
      onTimeAcknowledgmentRate: '12345 on-time acknowledgment', onTimeReplyRate: '12345 on-time reply', satisfactionRate: 'Satisfaction rate',
      noneDue: 'No work order due', noCallbacks: 'No callbacks yet',
      provinceAvg: 'Provincial average', about: '≈', points: 'pts', higher: '+', lower: '−', rank: 'rank ', rankSuffix: ' in the province',
    },
  };
  // Names of the region's districts and of the categories (DOMAIN.md §6): from /api/v1/reference,
  // the region's configuration; a code shows as itself until they have arrived.
  var NAMES = {};

  var params = new URLSearchParams(window.location.search);
  var lang = params.get('lang') === 'en' ? 'en' : 'zh';
  var scope = {};
  ['district', 'category', 'from', 'to'].forEach(function (k) { var v = params.get(k); if (v) scope[k] = v; });

  var state = { seq: null, data: null, updatedAt: null, connected: false, updates: 0 };
  window.__board = state; // read by the browser test

  var charts = {};
  var keysOf = {};
  state.keysOf = keysOf; // read by the browser test (which bar is which code)
  // A chart follows its container's size: created before the grid has laid the panel out (the
  // first render comes with the first snapshot), it would otherwise stay squashed at the left edge
  // until the window is resized.
  var sizes = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (e) { var c = charts[e.target.id]; if (c) c.resize(); });
  }) : null;
  function chart(id) {
    if (!charts[id]) {
      var el = document.getElementById(id);
      charts[id] = window.echarts.init(el, 'dark', { renderer: 'canvas' });
      if (sizes) sizes.observe(el);
      if (id === 'chart-district') {
        // Anywhere in a district's column (between or above its bars too), not only on a bar.
        charts[id].getZr().on('click', function (e) {
          var c = charts[id];
          if (!c.containPixel('grid', [e.offsetX, e.offsetY])) return;
          var key = keysOf[id][c.convertFromPixel({ gridIndex: 0 }, [e.offsetX, e.offsetY])[0]];
          if (key && key !== '-' && key !== scope.district) setDistrict(key);
        });
      }
    }
    return charts[id];
  }
  function t(key) { return TEXT[lang][key] || key; }
  function nameOf(code) { return code === '-' ? t('unrouted') : (NAMES[code] ? NAMES[code][lang] : code); }
  function grouped(intString) { return intString.replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function yuan(s) { var p = s.split('.'); return '¥' + grouped(p[0]) + (p[1] ? '.' + p[1] : ''); }
  function setText(id, text) { document.getElementById(id).textContent = text; }

  function renderStatic() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach(function (el) { el.textContent = t(el.getAttribute('data-i18n')); });
    document.querySelectorAll('[data-label]').forEach(function (el) { el.textContent = t(el.getAttribute('data-label')); });
    setText('lang', t('toggle'));
    renderExport();
    renderLive();
    renderScope();
    if (state.data) render(state.data);
  }

  // The figures on the board as a workbook (cover with definitions, totals, month × district × category × channel).
  function renderExport() {
    var q = new URLSearchParams();
    var period = state.data && state.data.figures && state.data.figures.period.requested;
    var from = scope.from || (period && period.from);
    var to = scope.to || (period && period.to);
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    if (scope.district) q.set('district', scope.district);
    if (scope.category) q.set('category', scope.category);
    q.set('lang', lang);
    document.getElementById('export').href = '/api/v1/stats/export?' + q.toString();
  }

  function renderLive() {
    var el = document.getElementById('live');
    el.className = 'live ' + (state.connected ? 'on' : 'off');
    setText('live-text', t(state.connected ? 'connected' : 'disconnected'));
    // When the server computed the figures on the board (Beijing time), not when this browser got them.
    var at = state.data && state.data.at;
    var el2 = document.getElementById('updated');
    el2.textContent = at ? beijing(at) : '—';
    if (at) el2.setAttribute('datetime', at);
  }

  var BEIJING = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  function beijing(iso) {
    var p = {};
    BEIJING.formatToParts(new Date(iso)).forEach(function (x) { p[x.type] = x.value; });
    return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute + ':' + p.second;
  }

  // A click on a district's bar narrows the board to that district (its categories in 按类别);
  // the chip above the charts goes back. The scope is kept in the address, so a reload keeps it.
  function setDistrict(code) {
    if (code) scope.district = code; else delete scope.district;
    var q = new URLSearchParams(window.location.search);
    if (code) q.set('district', code); else q.delete('district');
    window.history.replaceState(null, '', window.location.pathname + (q.toString() ? '?' + q.toString() : ''));
    state.seq = null;
    renderScope();
    renderExport();
    if (state.connected) socket.emit('subscribe', scope);
  }
  function renderScope() {
    var chip = document.getElementById('scope');
    chip.hidden = !scope.district;
    setText('scope-name', scope.district ? nameOf(scope.district) : '');
    setText('scope-hint', scope.district ? '' : t('drillHint'));
  }

  // Provincial figures (GET /api/v1/stats/comparison), shown when the period is one whole calendar year that has them.
  var comparison = null;
  function comparisonFor(figureId, period) {
    if (!comparison || !period) return null;
    var year = period.from.slice(0, 4);
    if (period.from !== year + '-01-01' || period.to !== year + '-12-31') return null;
    return (comparison.years[year] || {})[figureId] || null;
  }

  // The report cites the verification rate to two decimals (97.56%), the success rate to one (96.9%).
  function rateTile(id, rate, figureId, period, twoDecimals, noneKey) {
    setText('tile-' + id, (twoDecimals ? (rate.percent === null ? null : rate.percent + '%') : rate.display) || '—');
    setText('tile-' + id + '-frac', rate.denominator > 0 ? grouped(String(rate.numerator)) + ' / ' + grouped(String(rate.denominator)) : t(noneKey || 'none'));
    // What the rate counts, as the API defines it; items not yet due are named, not counted.
    var def = document.getElementById('tile-' + id + '-def');
    if (def && rate.definition) {
      def.textContent = t('definition') + rate.definition[lang] + (rate.notYetDue ? (lang === 'zh' ? '（另有' + grouped(String(rate.notYetDue)) + '件尚未到期）' : ' (' + grouped(String(rate.notYetDue)) + ' more not yet due)') : '');
    }
    var el = document.getElementById('tile-' + id + '-cmp');
    if (!el) return;
    var c = comparisonFor(figureId, period);
    el.hidden = !c;
    if (!c) return;
    var diff = rate.percent === null ? null : (Math.round((Number(rate.percent) - Number(c.percent)) * 10) / 10);
    var text = t('provinceAvg') + ' ' + (c.approximate ? t('about') : '') + Number(c.percent).toFixed(1) + '%';
    if (diff !== null) text += lang === 'zh'
      ? '（' + (diff >= 0 ? t('higher') : t('lower')) + Math.abs(diff).toFixed(1) + t('points') + '）'
      : ' (' + (diff >= 0 ? t('higher') : t('lower')) + Math.abs(diff).toFixed(1) + ' ' + t('points') + ')';
    if (c.rank) text += (lang === 'zh' ? '，' : ', ') + t('rank') + c.rank + t('rankSuffix');
    el.textContent = text;
    el.title = comparison.province[lang] + ' — ' + c.source[lang];
  }

  function bars(id, all, named) {
    // A case counts as unrouted ('-') only until routing moves it; an empty unrouted column is noise.
    var items = all.filter(function (i) { return i.key !== '-' || i.accepted || i.mediationSucceeded || Number(i.recoveredYuan); });
    keysOf[id] = items.map(function (i) { return i.key; });
    chart(id).setOption({
      backgroundColor: 'transparent',
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, left: 'center', data: [t('accepted'), t('succeeded'), t('recovered')], textStyle: { color: '#9db3cc' } },
      grid: { left: 48, right: 64, bottom: 56, top: 40 },
      xAxis: { type: 'category', data: items.map(function (i) { return named ? nameOf(i.key) : i.key; }), axisLabel: { interval: 0, rotate: items.length > 6 ? 30 : 0 } },
      yAxis: [{ type: 'value', minInterval: 1 }, { type: 'value', name: t('yuan'), splitLine: { show: false } }],
      series: [
        { name: t('accepted'), type: 'bar', data: items.map(function (i) { return i.accepted; }) },
        { name: t('succeeded'), type: 'bar', data: items.map(function (i) { return i.mediationSucceeded; }) },
        { name: t('recovered'), type: 'line', yAxisIndex: 1, data: items.map(function (i) { return Number(i.recoveredYuan); }) },
      ],
    }, true);
  }

  function render(data) {
    var f = data.figures;
    renderExport();
    setText('period', t('period') + '：' + f.period.from + ' — ' + f.period.to);
    setText('tile-accepted', grouped(String(f.counts.accepted.value)));
    rateTile('success', f.rates.mediationSuccessRate, 'mediationSuccessRate', f.period);
    setText('tile-money', yuan(f.moneyRecovered.yuan));
    rateTile('verification', f.rates.onTimeVerificationRate, 'onTimeVerificationRate', f.period, true);
    // 12345 tiles only when the period has work orders.
    var orders = f.counts.orders12345 && f.counts.orders12345.value > 0;
    document.getElementById('tiles-12345').hidden = !orders;
    if (orders) {
      rateTile('ack', f.rates.onTimeAcknowledgmentRate, 'onTimeAcknowledgmentRate', f.period, false, 'noneDue');
      rateTile('reply', f.rates.onTimeReplyRate, 'onTimeReplyRate', f.period, false, 'noneDue');
      rateTile('satisfaction', f.rates.satisfactionRate, 'satisfactionRate', f.period, false, 'noCallbacks');
    }
    if (window.echarts) {
      bars('chart-category', data.breakdown.byCategory, true);
      bars('chart-district', data.breakdown.byDistrict, true);
      bars('chart-month', data.breakdown.byMonth, false);
    }
  }

  function apply(data) {
    state.data = data;
    state.updatedAt = new Date();
    state.updates += 1;
    document.getElementById('problem').hidden = true;
    render(data);
    renderLive();
  }

  document.getElementById('scope-reset').addEventListener('click', function () { setDistrict(null); });
  document.getElementById('lang').addEventListener('click', function () { lang = lang === 'zh' ? 'en' : 'zh'; renderStatic(); });
  if (!sizes) window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  renderStatic();

  fetch('/api/v1/reference', { credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (ref) {
      if (!ref) return;
      ref.districts.concat(ref.categories).forEach(function (x) { NAMES[x.code] = { zh: x.zh, en: x.en }; });
      renderScope();
      if (state.data) render(state.data);
    });
  fetch('/api/v1/stats/comparison', { credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (c) { comparison = c; if (state.data) render(state.data); })
    .catch(function () { /* no comparison configured or not reachable: tiles show our figures only */ });

  var socket = window.io('/live', { transports: ['websocket', 'polling'] });
  socket.on('connect', function () { state.connected = true; renderLive(); socket.emit('subscribe', scope); });
  socket.on('disconnect', function (reason) {
    state.connected = false; state.seq = null; renderLive();
    // Closed by the server (logout, account disabled): authenticate again; an ended session goes to /login.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('snapshot', function (s) { state.seq = s.seq; apply(s); });
  socket.on('delta', function (d) {
    if (state.seq === null || d.seq <= state.seq) return;
    if (d.seq !== state.seq + 1) { state.seq = null; socket.emit('resync'); return; }
    state.seq = d.seq;
    apply(d);
  });
  // The figures need a session: without one, go and log in, then come back here.
  socket.on('connect_error', function (err) {
    if (err && (err.message === 'unauthorized' || err.message === 'forbidden')) {
      socket.disconnect();
      if (err.message === 'unauthorized') window.location.assign('/login?next=' + encodeURIComponent(window.location.pathname + window.location.search));
      else { var el = document.getElementById('problem'); el.textContent = '无权查看 / not allowed'; el.hidden = false; }
    }
  });
  socket.on('problem', function (p) {
    var el = document.getElementById('problem');
    el.textContent = p.detail + (p.errors.length ? ' (' + p.errors.map(function (e) { return e.pointer + ': ' + e.message; }).join('; ') + ')' : '');
    el.hidden = false;
  });
}());
