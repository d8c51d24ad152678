// A markdownlint rule for Material for MkDocs pages, used in place of MD046 (code-block-style).
//
// Plain Markdown reads the 4-space-indented body of an admonition (`!!! note`, `??? tip`) or a
// content tab (`=== "Tab"`) as an indented code block, so MD046 flags every one of them. This
// rule allows an indented block only right under such an opening line; anywhere else an
// indented block is a mistake (Material would render the text as code): use a fenced block.
"use strict";

const OPENER = /^\s*(!!!|\?\?\?\+?|===)\s/;

function* walk(tokens) {
  for (const token of tokens) {
    yield token;
    yield* walk(token.children || []);
  }
}

module.exports = {
  names: ["material-indented-code"],
  description: "Indented code block outside an admonition or content tab",
  tags: ["code", "material"],
  parser: "micromark",
  function: (params, onError) => {
    for (const token of walk(params.parsers.micromark.tokens)) {
      if (token.type !== "codeIndented") continue;
      let above = token.startLine - 2; // 0-based index of the line above the block
      while (above >= 0 && params.lines[above].trim() === "") above--;
      if (above >= 0 && OPENER.test(params.lines[above])) continue;
      onError({
        lineNumber: token.startLine,
        detail: "use a fenced code block, or indent only the body of !!!, ??? or ===",
      });
    }
  },
};
