// The "faithful model" personality of the fake provider (the same behaviour as tests/support/fake_model.h
// for native tests). It answers TalkPress's requests the way a good model would: the outline groups the
// turns it was given into distinct themes, leaves sponsor reads, housekeeping and small talk out, and
// writes each theme's notes (points with their turn ranges) and chosen quotations; sections are written
// from those notes and the turns given in full only, in the requested language, citing turn ids and
// declaring their quotations with the original words; the front matter is drawn from the finished
// sections; dialogue chunks return every turn once, names as in the glossary. At a rate set in the model
// name ("faithful-repeat30-drift20": 30% of sections repeat a paragraph of another section, 20% drift
// into English) it makes the mistakes real models make, so the check-and-repair round runs for real; a
// repair request is always answered cleanly.
//
// faithfulAnswer(req) -> the answer text, or null when this personality does not answer the request.
// Models named "faithful…" get every answer from it; other models get only their section bodies from it
// (the generic schema filler would write one sentence per section).

const sectionMemory = [];   // paragraphs already written (for the repetition mistake), per server process

function turnLines(prompt) {
  const out = [];
  for (const line of prompt.split('\n')) {
    const m = line.match(/^\[T(\d+)\]([^\n]*?)(?:: |：)\s*(.+)$/);
    if (m) out.push({ id: Number(m[1]), speaker: m[2].replace(/ \(.*$/, '').trim(), text: m[3] });
  }
  return out;
}

const notSubstance = (text) =>
  /sponsor|brought to you by|promo code|subscribe|thanks for (having|coming)|welcome back to|welcome to the show|see you next|how was your weekend/i.test(text);

function chance(s, salt) {
  let h = (2166136261 ^ salt) >>> 0;
  for (const ch of Buffer.from(s)) h = Math.imul(h ^ ch, 16777619) >>> 0;
  return (h % 10000) / 10000;
}

const sentences = (t) => (t.match(/[^.!?]+[.!?]+/g) || [t]).map((s) => s.trim()).filter((s) => s.length > 2);
const numbers = (t) => t.match(/\d+(\.\d+)?/g) || [];

function glossaryIn(prompt) {
  const g = [];
  for (const m of prompt.matchAll(/\n- ([^\n]+?) → ([^\n(]+?)( \([^\n]*\))?(?=\n)/g)) g.push([m[1], m[2]]);
  return g;
}
const applyGlossary = (s, g) => g.reduce((acc, [from, to]) => (from && from !== to ? acc.split(from).join(to) : acc), s);

const ZH_HEADINGS = ['实时数据的价值', '速度与代价', '用户在哪里', '好模型与够用的模型', '数据中心怎样建', '分发的力量', '团队与文化', '规则与未来'];
const EN_HEADINGS = ['Why fresh data matters', 'Speed and its cost', 'Where users already are', 'Good enough plus distribution', 'Building at speed',
                     'The power of distribution', 'Teams and culture', 'Rules and what comes next'];

// The outline: themes of consecutive turns, each with points that summarise every turn of the theme with
// the turn ranges they come from (at most eight per theme) and up to two quotations (a turn's first
// sentence, word for word). From the transcript lines, or from the notes' claims and quotes when the
// outline reads notes.
function outline(req) {
  const props = req.schema.properties;
  const count = props.sections.minItems ?? 3;
  const zh = req.prompt.includes('Simplified Chinese');
  const lines = turnLines(req.prompt);
  const m = req.prompt.match(/Turns are numbered T1 to T(\d+)/);
  const n = m ? Number(m[1]) : lines.length ? lines.at(-1).id : 1;
  const excluded = new Set(lines.filter((l) => notSubstance(l.text)).map((l) => l.id));
  const said = new Map(lines.map((l) => [l.id, { speaker: l.speaker, text: l.text }]));
  const quotable = new Map();
  for (const l of lines) {
    const ss = sentences(l.text);
    if (ss.length > 1 && ss[0].split(/\s+/).length >= 8) quotable.set(l.id, ss[0]);
  }
  for (const line of req.prompt.split('\n')) {
    if (!line.startsWith('{')) continue;
    let notes;
    try { notes = JSON.parse(line); } catch { continue; }
    for (const e of notes.excluded || []) for (let id = e.first_turn; id <= e.last_turn; id++) excluded.add(id);
    for (const c of notes.claims || []) said.set(c.turn_id, { speaker: c.speaker, text: c.claim });
    for (const q of notes.quotes || []) quotable.set(q.turn_id, q.text);
  }
  const sections = [];
  for (let i = 0; i < count; i++) {
    const first = 1 + Math.floor((i * n) / count), last = Math.floor(((i + 1) * n) / count);
    const ids = [];
    for (let id = first; id <= last; id++) if (!excluded.has(id)) ids.push(id);
    if (!ids.length) ids.push(first);
    const per = Math.ceil(ids.length / 8);
    const points = [];
    for (let k = 0; k < ids.length; k += per) {
      const group = ids.slice(k, k + per);
      const turn_ranges = [];
      for (const id of group) {
        const last = turn_ranges.at(-1);
        if (last && last.last_turn === id - 1) last.last_turn = id; else turn_ranges.push({ first_turn: id, last_turn: id });
      }
      // The point: what the fullest turn of the run says, in one sentence.
      const x = group.map((id) => said.get(id) && { id, ...said.get(id) }).filter((y) => y && sentences(y.text).length)
                     .reduce((best, y) => (!best || y.text.length > best.text.length ? y : best), null);
      let text = x ? (zh ? zhGist(x.speaker, x.text, x.id) : `${x.speaker}: ${sentences(x.text)[0]}`) : '';
      if (!text) text = zh ? '这一段的要点' : 'What was said here';
      points.push({ text: text + (zh ? '。' : ''), turn_ranges });
    }
    const quotes = ids.filter((id) => quotable.has(id)).slice(0, 2).map((id) => ({ turn_id: id, words: quotable.get(id) }));
    const heading = (zh ? ZH_HEADINGS : EN_HEADINGS)[i % 8] + (i >= 8 ? ` (${Math.floor(i / 8) + 1})` : '');
    sections.push({ heading, points, quotes });
  }
  const speakers = [...new Set([...said.values()].map((x) => x.speaker).filter(Boolean))];
  const o = {
    sections,
    excluded: [...excluded].sort((a, b) => a - b).map((id) => ({ first_turn: id, last_turn: id, kind: 'sponsor' })),
    glossary: speakers.map((s) => ({ source: s, rendering: s, kind: 'person', note: '' })),
    main_subject: zh ? '实时数据与人工智能' : 'Real-time data and AI',
  };
  if (props.key_exchanges) {
    o.key_exchanges = [];
    for (let id = 2; id + 1 <= n; id += 10) o.key_exchanges.push({ first_turn: id, last_turn: id + 1 });
  }
  return JSON.stringify(o);
}

const TOPICS = ['数据中心', '训练成本', '用户增长', '实时信息', '开源模型', '工程团队', '监管政策', '交付速度', '分发渠道', '产品体验', '算力供给', '市场格局',
                '投资回报', '技术路线', '组织文化', '长期价值', '供应链条', '安全审查', '招聘节奏', '融资环境', '能源价格', '网络带宽', '客户预算', '竞争对手'];
const VERBS = ['谈到', '强调', '解释', '回顾', '分析', '指出', '比较', '质疑', '梳理', '追问', '描述', '总结'];
const LINKS = ['背后的关系', '之间的取舍', '带来的变化', '面临的压力', '最容易被忽视的一面', '怎样互相影响'];

// Chinese prose about one turn, as a writer would summarise it: the speaker, what it is about (wording
// picked by a hash of the turn) and the turn's numbers.
function zhGist(who, text, id) {
  const h = Math.floor(chance(text, id) * 1e9);
  const facts = numbers(text);
  return `${who}${VERBS[h % 12]}了${TOPICS[(h >> 5) % 24]}与${TOPICS[(h >> 10) % 24]}${LINKS[(h >> 15) % 6]}` +
         (facts.length ? `，提到的数字有${facts.join('、')}` : '') + `，随后转向${TOPICS[(h >> 20) % 24]}`;
}

// A quotation put in Chinese: its gist, in wording picked by a hash of the words, and its numbers.
const GISTS = ['真正的瓶颈在别处', '速度本身就是优势', '用户已经在那里了', '数据越新越有价值', '成本会一路下降', '没人愿意再下载一个应用', '规则总会追上来', '团队文化决定节奏'];
function renderZh(original) {
  const facts = numbers(original);
  return `（译）${TOPICS[Math.floor(chance(original, 5) * 24)]}这件事上，${GISTS[Math.floor(chance(original, 3) * 8)]}${facts.length ? '，数字是' + facts.join('、') : ''}`;
}

// "- …" lines of the block that starts with `title` (up to the next blank line).
function bullets(prompt, title) {
  const at = prompt.indexOf('\n' + title);
  if (at < 0) return [];
  const out = [];
  for (const line of prompt.slice(at + 1).split('\n').slice(1)) {
    if (!line.startsWith('- ')) break;
    out.push(line.slice(2));
  }
  return out;
}

// A section, written from the notes the outline made, the quotations it chose and the turns given in full:
// a sentence per point citing the point's turns, the chosen quotations with their original words. A
// prompt of the earlier shape (every turn in full, no notes) is written from its lines.
function section(req, rates) {
  const user = req.prompt;
  const repair = user.includes('the previous version of this section had');
  const zh = user.includes('in Simplified Chinese');
  const target = Number((user.match(/about (\d+) (characters|words)/) || [0, 300])[1]);
  const from = user.indexOf('Transcript lines for this section:');
  const lines = from >= 0 ? turnLines(user.slice(from)) : [];
  const glossary = glossaryIn(user);
  const drift = !repair && zh && chance(user, 7) < rates.drift;
  const repeat = !repair && sectionMemory.length > 0 && chance(user, 13) < rates.repeat;
  const quotes = [];
  const items = [];
  let length = 0;
  const add = (s) => {
    if (length >= target) return;
    items.push(s);
    length += zh && !drift ? s.length : s.split(/\s+/).length;
  };
  const quoted = [];
  for (const q of bullets(user, 'Quotations chosen for it')) {
    const m = q.match(/^\[T(\d+)\] “(.+)”$/);
    if (!m || quotes.length >= 2) continue;
    const id = Number(m[1]), original = m[2];
    const line = lines.find((l) => l.id === id);
    // Like a careful writer, it prints only a substantive quotation (eight words or more), never "Exactly.".
    if (!line || !line.text.includes(original) || original.split(/\s+/).length < 8) continue;
    const who = applyGlossary(line.speaker, glossary);
    const rendered = zh && !drift ? renderZh(original) : original;
    quotes.push({ turn_id: id, speaker: line.speaker, original, rendered });
    quoted.push(zh && !drift ? `${who}说：“${rendered}”[T${id}]。` : `${who} put it this way: “${rendered}”[T${id}] `);
  }
  let nextQuote = 0;
  // One sentence per point (a section drifting into English says in English that a point was made).
  for (const pt of bullets(user, 'Notes for this section')) {
    const open = pt.lastIndexOf(' [T');
    let text = applyGlossary(open >= 0 ? pt.slice(0, open) : pt, glossary);
    const marker = open >= 0 ? pt.slice(open + 1) : '';
    if (drift) text = 'The conversation went into this point in some detail, with the examples given at the time';
    else if (zh && !/[\u4e00-\u9fff]/.test(text)) text = zhGist('', text, text.length);   // a note in another language, put in Chinese
    else if (zh) text = text.replace(/。$/, '');
    add(zh && !drift ? `${text}${marker}。` : `${text}${marker}${drift ? '. ' : ' '}`);
    if (items.length % 2 === 1 && nextQuote < quoted.length) add(quoted[nextQuote++]);
  }
  while (nextQuote < quoted.length) add(quoted[nextQuote++]);
  // Turns given in full that no quotation used; like a careful writer, it quotes only a substantive
  // sentence (eight words or more) when it picks its own quotation from them.
  for (const l of lines) {
    if (notSubstance(l.text) || quotes.some((q) => q.turn_id === l.id)) continue;
    const who = applyGlossary(l.speaker, glossary);
    const ss = sentences(l.text);
    if (quotes.length < 2 && !bullets(user, 'Quotations chosen for it').length && ss.length > 1 && ss[0].split(/\s+/).length >= 8) {
      const original = ss[0];
      const rendered = zh && !drift ? renderZh(original) : original;
      quotes.push({ turn_id: l.id, speaker: l.speaker, original, rendered });
      add(zh && !drift ? `${who}说：“${rendered}”[T${l.id}]。` : `${who} put it this way: “${rendered}”[T${l.id}] `);
    } else if (zh && !drift) {
      add(`${zhGist(who, l.text, l.id)}[T${l.id}]。`);
    } else {
      add(`${who} said: ${applyGlossary(ss.join(' '), glossary)}[T${l.id}] `);
    }
  }
  const paras = [];
  for (let i = 0; i < items.length; i += 3) paras.push(items.slice(i, i + 3).join(''));
  if (!paras.length) paras.push(zh ? '这一部分没有可用的内容。' : 'Nothing was said here.');
  // Paragraphs of three sentences: what the repetition mistake copies.
  const full = paras.filter((_, i) => i * 3 + 3 <= items.length);
  if (repeat) paras.push(sectionMemory[Math.floor(chance(user, 5) * sectionMemory.length)]);
  sectionMemory.push(...full);
  return JSON.stringify({ quotes, body: paras.join('\n\n') });
}

function front(req) {
  const props = req.schema.properties;
  const zh = req.prompt.includes('in Simplified Chinese');
  const at = req.prompt.indexOf('The finished sections:');
  const text = at >= 0 ? req.prompt.slice(at) : '';
  const headings = [...text.matchAll(/\n## ([^\n]+)/g)].map((m) => m[1]);
  const cited = [...text.matchAll(/([^\n。\]]*?)\[T(\d+)\]/g)].map((m) => ({ text: m[1].trim(), id: Number(m[2]) })).filter((c) => c.text);
  const about = headings.join(zh ? '、' : ', ');
  const f = {};
  // Strict schemas and providers that reject minItems carry the count only in the prompt ("exactly 4").
  const asked = /highlights: exactly (\d+)/.exec(req.prompt);
  const nh = props.highlights?.minItems ?? (asked ? Number(asked[1]) : 0);
  f.highlights = Array.from({ length: nh }, (_, i) => {
    const c = cited[Math.floor((i * cited.length) / Math.max(1, nh))] || { text: '—', id: 1 };
    return { text: c.text + (zh ? '。' : ''), turn_id: c.id };
  });
  if (props.featured_quotes)
    f.featured_quotes = Array.from({ length: props.featured_quotes.minItems }, (_, i) => {
      const c = cited[i % Math.max(1, cited.length)] || { text: '—', id: 1 };
      // The quoted words alone, without the section's attribution around them ("Maya Chen said: …").
      const words = c.text.replace(/^.*?(?:said:|put it this way:|说：)\s*/, '').replace(/^[“"]|[”"]$/g, '');
      return { turn_id: c.id, speaker: '', original: '', rendered: words };
    });
  if (props.introduction) f.introduction = zh ? { subtitle: '这场对话讲了什么', body: `这篇文章依次讨论：${about}。` } : { subtitle: 'What this conversation covers', body: `This article covers, in turn: ${about}.` };
  if (props.conclusion) f.conclusion = zh ? { subtitle: '回到主题', body: `以上几个部分共同说明了对话的主线：${about}。` } : { subtitle: 'Back to the main point', body: `Together these sections make one argument: ${about}.` };
  f.quotes = [];
  if (props.lead) f.lead = zh ? `一场关于${about}的对话。` : `A conversation about ${about}.`;
  f.title = !headings.length ? 'Untitled' : zh ? `${headings[0]}意味着什么？` : `What ${headings[0]} means`;
  if (props.emoji) f.emoji = '🚀';
  return JSON.stringify(f);
}

function dialogue(req) {
  const translate = req.prompt.includes('translated into');
  const g = glossaryIn(req.prompt);
  return JSON.stringify({ turns: turnLines(req.prompt).map((l) => ({ turn_id: l.id, text: (translate ? '译：' : '') + applyGlossary(l.text, g) })) });
}

// Notes on one part: a claim per turn (its first sentence), that sentence as a quotation when the turn
// says more, and the spans that are not substance.
function notes(req) {
  const lines = turnLines(req.prompt);
  const excluded = lines.filter((l) => notSubstance(l.text)).map((l) => ({ first_turn: l.id, kind: 'sponsor', last_turn: l.id }));
  const kept = lines.filter((l) => !notSubstance(l.text) && sentences(l.text).length);
  const claims = kept.map((l) => ({ claim: sentences(l.text)[0], speaker: l.speaker, turn_id: l.id }));
  const quotes = kept.filter((l) => sentences(l.text).length > 1 && sentences(l.text)[0].split(/\s+/).length >= 8)
                     .map((l) => ({ speaker: l.speaker, text: sentences(l.text)[0], turn_id: l.id }));
  return JSON.stringify(shortened({ themes: [], claims, quotes, numbers: [], names: [], excluded }, req.prompt));
}

// Notes within the length a request asks ("at most about 300 words"), as a model asked for a length does it: every
// excluded span and name kept, claims and quotations spread evenly (every k-th), turn ids as given.
function shortened(notes, prompt) {
  const target = Number((prompt.match(/at most about (\d+) words/) || [0, 0])[1]);
  const words = (list, key) => list.reduce((n, x) => n + String(x[key] || '').split(/\s+/).length + 6, 0);
  for (let every = 1; target > 0 && every < 1000; every++) {
    const claims = notes.claims.filter((_, i) => i % every === 0);
    const quotes = notes.quotes.filter((_, i) => i % (every * 2) === 0);
    if (words(claims, 'claim') + words(quotes, 'text') + 10 * notes.excluded.length <= target || claims.length <= 1)
      return { ...notes, claims, quotes };
  }
  return notes;
}

// Notes merged from the notes on several parts (each part's JSON on a line of its own), within the length asked.
function condensedNotes(req) {
  const merged = { themes: [], claims: [], quotes: [], numbers: [], names: [], excluded: [] };
  for (const line of req.prompt.split('\n')) {
    if (!line.startsWith('{')) continue;
    let part;
    try { part = JSON.parse(line); } catch { continue; }
    for (const key of Object.keys(merged)) merged[key].push(...(part[key] || []));
  }
  return JSON.stringify(shortened(merged, req.prompt));
}

export function faithfulAnswer(req) {
  const p = req.schema?.properties;
  if (!p) return null;
  const faithful = typeof req.model === 'string' && req.model.startsWith('faithful');
  const rates = {
    repeat: faithful ? Number((req.model.match(/repeat(\d+)/) || [0, 0])[1]) / 100 : 0,
    drift: faithful ? Number((req.model.match(/drift(\d+)/) || [0, 0])[1]) / 100 : 0,
  };
  // Section bodies and the front matter are written from the material in the prompt for every model, as a
  // model that follows the schema and cites what it read would; the rest only for the "faithful" models.
  if (p.body && p.quotes) return section(req, rates);
  if (p.highlights && p.title) return front(req);
  if (!faithful) return null;
  if (p.sections && p.glossary) return outline(req);
  if (p.turns) return dialogue(req);
  if (p.themes && p.claims) return req.prompt.includes('Merge them into one set of notes') ? condensedNotes(req) : notes(req);
  return null;
}
