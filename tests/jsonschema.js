#!/usr/bin/env node
// jsonschema.js - migrun's --json schema (docs/json-schema.json): check it, validate output
// against it, and keep docs/json.md's generated part in step with it. Node only, no modules.
//
//   node jsonschema.js check SCHEMA
//       the schema itself: only the keywords below, every $ref and object name resolves,
//       every object is used
//   node jsonschema.js validate SCHEMA COMMAND [FILE]
//       every line of FILE (default stdin) is a JSON object of one of COMMAND's objects;
//       prints "OBJECT COUNT" per object seen; exit 1 on the first bad line
//   node jsonschema.js doc SCHEMA MARKDOWN [--write]
//       MARKDOWN's part between the generated markers is the schema's rendering
//       (--write: make it so); exit 1 when it is not
'use strict';
const fs = require('fs');

const KEYWORDS = new Set(['type', 'required', 'properties', 'additionalProperties', 'items', 'enum', '$ref',
                          'description']);
const TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object', 'null']);
const BEGIN = '<!-- BEGIN generated from docs/json-schema.json: node tests/jsonschema.js doc docs/json-schema.json docs/json.md --write -->';
const END = '<!-- END generated -->';

function die(msg) {
  process.stderr.write('jsonschema.js: ' + msg + '\n');
  process.exit(1);
}

function load(path) {
  try {
    return JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (e) {
    die(path + ': ' + e.message);
  }
}

function resolve(schema, s) {
  if (!s.$ref) return s;
  const m = /^#\/objects\/(\w+)$/.exec(s.$ref);
  if (!m || !schema.objects[m[1]]) throw new Error('unresolved $ref ' + s.$ref);
  return schema.objects[m[1]];
}

// ---- the schema itself

function checkNode(schema, s, where, refs) {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new Error(where + ': not a schema object');
  for (const k of Object.keys(s))
    if (!KEYWORDS.has(k)) throw new Error(where + ': keyword "' + k + '" is not in the subset');
  if (s.$ref) {
    refs.add(s.$ref.replace('#/objects/', ''));
    resolve(schema, s);
    return;
  }
  if (!s.type && !s.enum) throw new Error(where + ': neither type nor enum');
  for (const t of [].concat(s.type || []))
    if (!TYPES.has(t)) throw new Error(where + ': unknown type "' + t + '"');
  if (s.enum && (!Array.isArray(s.enum) || !s.enum.length)) throw new Error(where + ': enum is not a list');
  if (s.properties) {
    for (const [name, p] of Object.entries(s.properties)) {
      if (!p.description && !p.$ref) throw new Error(where + '.' + name + ': no description');
      checkNode(schema, p, where + '.' + name, refs);
    }
    for (const r of s.required || [])
      if (!(r in s.properties)) throw new Error(where + ': required "' + r + '" is not a property');
  }
  if (s.items) checkNode(schema, s.items, where + '[]', refs);
}

function checkSchema(schema) {
  if (!schema.commands || !schema.objects) throw new Error('no "commands" or "objects"');
  const used = new Set();
  for (const [name, o] of Object.entries(schema.objects)) {
    if (!o.description) throw new Error(name + ': no description');
    if (o.type !== 'object' || !o.properties) throw new Error(name + ': not an object with properties');
    checkNode(schema, o, name, used);
  }
  for (const [cmd, c] of Object.entries(schema.commands)) {
    if (!c.description || !Array.isArray(c.objects) || !c.objects.length) throw new Error(cmd + ': no description or objects');
    for (const o of c.objects) {
      if (!schema.objects[o]) throw new Error(cmd + ': unknown object "' + o + '"');
      used.add(o);
    }
  }
  for (const name of Object.keys(schema.objects))
    if (!used.has(name)) throw new Error('object "' + name + '" is used by no command');
}

// ---- validation

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

// Returns an error message, or null.
function validate(schema, s, v, where) {
  s = resolve(schema, s);
  const t = typeOf(v);
  if (s.type) {
    const ok = [].concat(s.type).some((want) => want === t || (want === 'number' && t === 'integer'));
    if (!ok) return where + ': ' + t + ', not ' + [].concat(s.type).join(' or ');
  }
  if (s.enum && !s.enum.some((e) => e === v)) return where + ': ' + JSON.stringify(v) + ' is not one of ' + s.enum.join(', ');
  if (t === 'object' && s.properties) {
    for (const r of s.required || []) if (!(r in v)) return where + ': no "' + r + '"';
    for (const [k, x] of Object.entries(v)) {
      if (!(k in s.properties)) {
        if (s.additionalProperties === false) return where + ': "' + k + '" is not documented';
        continue;
      }
      const e = validate(schema, s.properties[k], x, where + '.' + k);
      if (e) return e;
    }
  }
  if (t === 'array' && s.items) {
    for (let i = 0; i < v.length; i++) {
      const e = validate(schema, s.items, v[i], where + '[' + i + ']');
      if (e) return e;
    }
  }
  return null;
}

function validateOutput(schema, cmd, text) {
  const c = schema.commands[cmd];
  if (!c) die('no command "' + cmd + '" in the schema');
  const counts = new Map();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    let v;
    try {
      v = JSON.parse(line);
    } catch (e) {
      die(cmd + ' line ' + (i + 1) + ': not JSON (' + e.message + '): ' + line);
    }
    if (typeOf(v) !== 'object') die(cmd + ' line ' + (i + 1) + ': not an object: ' + line);
    const why = [];
    const match = c.objects.find((o) => {
      const e = validate(schema, schema.objects[o], v, o);
      if (e) why.push(e);
      return !e;
    });
    if (!match) die(cmd + ' line ' + (i + 1) + ' is none of its objects:\n  ' + why.join('\n  ') + '\n  line: ' + line);
    counts.set(match, (counts.get(match) || 0) + 1);
  });
  for (const [o, n] of counts) process.stdout.write(o + ' ' + n + '\n');
}

// ---- the documentation

function typeText(schema, s) {
  if (s.$ref) return '`' + s.$ref.replace('#/objects/', '') + '`';
  if (s.enum) return s.enum.map((e) => '`' + JSON.stringify(e) + '`').join(' \\| ');
  if (s.type === 'array' && s.items) return 'array of ' + typeText(schema, s.items);
  return [].concat(s.type).join(' or ');
}

function render(schema) {
  const out = [];
  out.push('### Commands', '', '| command | objects, one a line |', '|---|---|');
  for (const [cmd, c] of Object.entries(schema.commands))
    out.push('| `' + cmd + '` | ' + c.objects.map((o) => '[`' + o + '`](#' + o + ')').join(', ') + ': ' + c.description + ' |');
  out.push('', '### Objects');
  for (const [name, o] of Object.entries(schema.objects)) {
    out.push('', '#### ' + name, '', o.description, '', '| field | type | required | meaning |', '|---|---|---|---|');
    for (const [f, p] of Object.entries(o.properties))
      out.push('| `' + f + '` | ' + typeText(schema, p) + ' | ' + ((o.required || []).includes(f) ? 'yes' : 'no') +
               ' | ' + (p.description || '') + ' |');
  }
  return out.join('\n') + '\n';
}

function doc(schema, mdPath, write) {
  const md = fs.readFileSync(mdPath, 'utf8');
  const b = md.indexOf(BEGIN), e = md.indexOf(END);
  if (b < 0 || e < b) die(mdPath + ': no generated part (the markers ' + BEGIN + ' and ' + END + ')');
  const want = md.slice(0, b + BEGIN.length) + '\n' + render(schema) + md.slice(e);
  if (want === md) return;
  if (write) {
    fs.writeFileSync(mdPath, want);
    return;
  }
  die(mdPath + ' is not in step with the schema: run node tests/jsonschema.js doc docs/json-schema.json docs/json.md --write');
}

// ---- main

const [, , what, schemaPath, ...rest] = process.argv;
if (!what || !schemaPath) die('usage: jsonschema.js check|validate|doc SCHEMA ...');
const schema = load(schemaPath);
try {
  checkSchema(schema);
} catch (e) {
  die(schemaPath + ': ' + e.message);
}
if (what === 'check') process.exit(0);
else if (what === 'validate') {
  if (!rest[0]) die('validate: which command?');
  validateOutput(schema, rest[0], fs.readFileSync(rest[1] || 0, 'utf8'));
} else if (what === 'doc') {
  if (!rest[0]) die('doc: which markdown file?');
  doc(schema, rest[0], rest[1] === '--write');
} else die('unknown action "' + what + '"');
