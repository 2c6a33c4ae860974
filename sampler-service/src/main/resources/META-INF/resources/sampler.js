// The sampler's page: fresh samples with their decoded labels, neighbours under a noise slider, the bits/dim curve.
'use strict';

const GALLERY_SIZE = 8;
const NEIGHBOURS = 6;
let firstObservation = null;

async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'Content-Type': 'application/json', 'Accept': 'application/json' } : { 'Accept': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok) {
    throw new Error(json.message || response.statusText);
  }
  return json;
}

function caption(labels) {
  return labels.map(l => l.level >= 0
      ? `${l.channel} ${l.level} (spread ${l.spread.toFixed(2)})`
      : `${l.channel}=${l.value.toFixed(2)} ${l.unit}`).join(', ');
}

function draw(canvas, sample, answer) {
  const [, h, w] = answer.shape;
  const images = answer.channels.map((c, i) => c.kind === 'image' ? i : -1).filter(i => i >= 0);
  const rgb = images.length >= 3 ? images.slice(0, 3) : [images[0] ?? 0, images[0] ?? 0, images[0] ?? 0];
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  const pixels = ctx.createImageData(w, h);
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < 3; k++) {
      pixels.data[4 * p + k] = Math.round(255 * Math.min(1, Math.max(0, sample.x[rgb[k] * h * w + p])));
    }
    pixels.data[4 * p + 3] = 255;
  }
  ctx.putImageData(pixels, 0, 0);
  const u = sample.labels.find(l => l.channel === 'u');
  const v = sample.labels.find(l => l.channel === 'v');
  if (u && v) { // the flow vector, 2x its length in px, from the centre
    ctx.strokeStyle = '#ff5028';
    ctx.beginPath();
    ctx.moveTo(w / 2, h / 2);
    ctx.lineTo(w / 2 + 2 * u.value, h / 2 + 2 * v.value);
    ctx.stroke();
  }
  canvas.dataset.drawn = 'true';
}

function render(container, answer) {
  container.replaceChildren(...answer.samples.map(sample => {
    const figure = document.createElement('figure');
    figure.className = 'sample';
    const canvas = document.createElement('canvas');
    draw(canvas, sample, answer);
    const text = document.createElement('figcaption');
    text.className = 'label';
    text.textContent = caption(sample.labels);
    figure.append(canvas, text);
    return figure;
  }));
}

function plotCurve(manifest) {
  const svg = document.getElementById('curve');
  svg.replaceChildren();
  const curve = manifest.curve || [];
  const keys = ['train', 'validation'];
  const series = keys.map(k => curve.map(point => Object.entries(point)
      .find(([name]) => name.startsWith(k) && name.includes('bits_per_dim'))?.[1]).filter(x => x !== undefined));
  const all = series.flat();
  if (all.length === 0) {
    return;
  }
  const lo = Math.min(...all), hi = Math.max(...all), span = hi - lo || 1;
  series.forEach((values, s) => {
    if (values.length === 0) {
      return;
    }
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('class', keys[s]);
    line.setAttribute('points', values.map((y, i) =>
        `${20 + (440 * i) / Math.max(1, values.length - 1)},${180 - (160 * (y - lo)) / span}`).join(' '));
    svg.append(line);
  });
}

async function neighbours() {
  const model = document.getElementById('model').value;
  const noise = Number(document.getElementById('noise').value);
  document.getElementById('noise-value').textContent = noise.toFixed(1);
  if (!firstObservation) {
    return;
  }
  try {
    render(document.getElementById('neighbours'), await call('POST', `models/${model}/neighbours`,
        { observation: firstObservation, noise, n: NEIGHBOURS, seed: 1 }));
  } catch (e) {
    document.getElementById('neighbours').textContent = `no neighbours: ${e.message}`;
  }
}

async function refresh() {
  const model = document.getElementById('model').value;
  const status = document.getElementById('status');
  document.body.dataset.state = 'loading';
  try {
    const answer = await call('POST', `models/${model}/samples`, { n: GALLERY_SIZE });
    render(document.getElementById('gallery'), answer);
    firstObservation = answer.samples[0].x;
    plotCurve(await call('GET', `models/${model}`));
    await neighbours();
    status.textContent = `${model} v${answer.version}, seed ${answer.seed}`;
    status.className = '';
    document.body.dataset.state = 'rendered';
  } catch (e) {
    status.textContent = e.message;
    status.className = 'error';
    document.body.dataset.state = 'error';
  }
}

async function start() {
  const models = await call('GET', 'models');
  const select = document.getElementById('model');
  select.replaceChildren(...models.map(m => new Option(`${m.modelId} (v${m.latest})`, m.modelId)));
  const wanted = new URLSearchParams(location.search).get('model');
  if (wanted) {
    select.value = wanted;
  }
  if (models.length === 0) {
    document.getElementById('status').textContent = 'no model is loaded yet';
    document.body.dataset.state = 'empty';
    return;
  }
  select.addEventListener('change', refresh);
  document.getElementById('refresh').addEventListener('click', refresh);
  document.getElementById('noise').addEventListener('input', neighbours);
  await refresh();
}

start();
