// The "faithful model" personality of the fake provider (the same behaviour as tests/support/fake_model.h
// for native tests). It answers TalkPress's requests the way a good model would: the outline groups the
// turns it was given into distinct themes and leaves sponsor reads, housekeeping and small talk out;
// sections are written from their own turns only, in the requested language, citing turn ids and
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

function outline(req) {
  const props = req.schema.properties;
  const count = props.sections.minItems ?? 3;
  const zh = req.prompt.includes('Simplified Chinese');
  const lines = turnLines(req.prompt);
  const m = req.prompt.match(/Turns are numbered T1 to T(\d+)/);
  const n = m ? Number(m[1]) : lines.length ? lines.at(-1).id : 1;
  const excluded = new Set(lines.filter((l) => notSubstance(l.text)).map((l) => l.id));
  for (const e of req.prompt.matchAll(/"first_turn":(\d+),"kind":"[^"]*","last_turn":(\d+)/g))
    for (let id = Number(e[1]); id <= Number(e[2]); id++) excluded.add(id);
  const sections = [];
  for (let i = 0; i < count; i++) {
    const first = 1 + Math.floor((i * n) / count), last = Math.floor(((i + 1) * n) / count);
    const ranges = [];
    let run = 0;
    for (let id = first; id <= last + 1; id++) {
      const inside = id <= last && !excluded.has(id);
      if (inside && !run) run = id;
      if (!inside && run) { ranges.push({ first_turn: run, last_turn: id - 1 }); run = 0; }
    }
    if (!ranges.length) ranges.push({ first_turn: first, last_turn: Math.max(first, last) });
    const heading = (zh ? ZH_HEADINGS : EN_HEADINGS)[i % 8] + (i >= 8 ? ` (${Math.floor(i / 8) + 1})` : '');
    sections.push({ heading, points: ['a point'], turn_ranges: ranges });
  }
  const speakers = [...new Set(lines.map((l) => l.speaker).filter(Boolean))];
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

function section(req, rates) {
  const user = req.prompt;
  const repair = user.includes('the previous version of this section had');
  const zh = user.includes('in Simplified Chinese');
  const target = Number((user.match(/about (\d+) (characters|words)/) || [0, 300])[1]);
  const from = user.indexOf('Transcript lines for this section:');
  const lines = turnLines(from >= 0 ? user.slice(from) : user);
  const glossary = glossaryIn(user);
  const drift = !repair && zh && chance(user, 7) < rates.drift;
  const repeat = !repair && sectionMemory.length > 0 && chance(user, 13) < rates.repeat;
  const quotes = [];
  const paras = [];
  let para = '', length = 0;
  lines.forEach((l, i) => {
    if (length >= target || notSubstance(l.text)) return;
    const id = `[T${l.id}]`;
    const ss = sentences(l.text);
    const who = applyGlossary(l.speaker, glossary);
    let s;
    // Like a careful writer, it quotes only a substantive sentence (eight words or more), never "Exactly.".
    if (quotes.length < 2 && ss.length > 1 && ss[0].split(/\s+/).length >= 8) {
      const original = ss[0];
      const facts = numbers(original);
      const rendered = zh && !drift ? `（译）${TOPICS[Math.floor(chance(original, 5) * 24)]}这件事上，原话的意思很明确${facts.length ? '，数字是' + facts.join('、') : ''}` : original;
      quotes.push({ turn_id: l.id, speaker: l.speaker, original, rendered });
      s = zh && !drift ? `${who}说：“${rendered}”${id}。` : `${who} put it this way: “${rendered}”${id} `;
    } else if (zh && !drift) {
      const h = Math.floor(chance(l.text, l.id) * 1e9);
      const facts = numbers(l.text);
      s = `${who}${VERBS[h % 12]}了${TOPICS[(h >> 5) % 24]}与${TOPICS[(h >> 10) % 24]}${LINKS[(h >> 15) % 6]}` +
          (facts.length ? `，提到的数字有${facts.join('、')}` : '') + `，随后转向${TOPICS[(h >> 20) % 24]}${id}。`;
    } else {
      s = `${who} said: ${applyGlossary(ss.join(' '), glossary)}${id} `;
    }
    para += s;
    length += zh && !drift ? s.length : s.split(/\s+/).length;
    if (i % 3 === 2) { paras.push(para); para = ''; }
  });
  if (para) paras.push(para);
  if (!paras.length) paras.push(zh ? '这一部分没有可用的内容。' : 'Nothing was said here.');
  const own = paras.slice();
  if (repeat) paras.push(sectionMemory[Math.floor(chance(user, 5) * sectionMemory.length)]);
  sectionMemory.push(...own);
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

function notes(req) {
  const excluded = turnLines(req.prompt).filter((l) => notSubstance(l.text)).map((l) => ({ first_turn: l.id, kind: 'sponsor', last_turn: l.id }));
  return JSON.stringify({ themes: [], claims: [], quotes: [], numbers: [], names: [], excluded });
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
  if (p.themes && p.claims) return notes(req);
  return null;
}
