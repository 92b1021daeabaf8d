"""Mends of mkdocs-material's search worker and of its page bundle's search highlighter (the
built site's copies of their minified files).

Each mend replaces one exact passage of the theme's ``search.*.min.js``; a theme version
without it is left as it is (with an info line: mkdocs.yml is strict, and another theme version
must still build), and the browser tests of search say whether it still needs them. The
passages name the minified functions of mkdocs-material 9.x: ``he`` (which query words a
result matched), ``q`` (a result's snippet with its matches marked), ``search`` and ``find``.
"""

from __future__ import annotations

import logging
from pathlib import Path

# The typo retry's query: each word of four or more characters (not an operator's) allowed one
# edit (lunr's "word~1"), which the prefix mend below leaves as it is.
_FUZZY = r'e.replace(/(^|\s)([^\s+\-~^*:][^\s~^*:]{3,})(?=\s|$)/g,"$1$2~1")'

# Helpers the mends below call, defined beside ``he`` (which they replace).
_HELPERS = r"""
function he(t,e,z=[]){let n={};t.forEach((o,k)=>{
  let w=e.filter(s=>o.editDistance?slcNear(s,o.term,o.editDistance):s.startsWith(o.term));
  if(w.length){if(slcWord(o))z.push(k);if(o.editDistance)for(let s of w)n[s]=!0;else n[o.term]=!0}
  else if(slcWord(o))n[o.term]=!1});return n}
function slcWord(o){return!lunr.stopWordFilter||!!lunr.stopWordFilter.call(lunr,o.term)}
function slcNear(a,b,k){if(Math.abs(a.length-b.length)>k)return!1;
  let p=[],q=[...Array(b.length+1).keys()];
  for(let i=1;i<=a.length;i++){let r=[i];
    for(let j=1;j<=b.length;j++){r[j]=Math.min(q[j]+1,r[j-1]+1,q[j-1]+(a[i-1]!==b[j-1]));
      if(i>1&&j>1&&a[i-1]===b[j-2]&&a[i-2]===b[j-1])r[j]=Math.min(r[j],p[j-2]+1)}
    p=q;q=r}
  return q[b.length]<=k}
function slcCover(p){return new Set((p||[]).flatMap(d=>d.slc||[])).size}
function slcByCover(ps){return ps.map((p,i)=>[p,i,slcCover(p)]).sort((x,y)=>y[2]-x[2]||x[1]-y[1]).map(x=>x[0])}
function slcMark(s,l,g,from,to,whole){g=g.sort((a,b)=>a-b);let pre="",post="";
  if(!whole){let f=l[g[0]]>>>12,a=Math.max(from,f-60),b=Math.min(to,a+320),i=0,j=l.length-1;
    while(i<j&&(l[i]>>>12)<a)i++;while(j>i&&(l[j]>>>12)+(l[j]>>>2&1023)>b)j--;
    if(i>0&&(l[i]>>>12)>from){from=l[i]>>>12;pre="\u2026 "}
    if((l[j]>>>12)+(l[j]>>>2&1023)<to){to=(l[j]>>>12)+(l[j]>>>2&1023);post=" \u2026"}}
  let out=[pre],at=from;
  for(let y of g){let b=l[y]>>>12,E=b+(l[y]>>>2&1023);if(b<at||E>to)continue;
    out.push(s.slice(at,b),"<mark>",s.slice(b,E),"</mark>");at=E}
  out.push(s.slice(at,to),post);return out.join("")}
"""

MENDS = (
    # lunr 2.3.9 keys the states of its word automaton by each edge's character followed by the
    # target state's number, undelimited: a digit character collides with a number ("1" then state
    # 34 reads as "13" then state 4), so merged states spell words the index lacks. With the
    # catalog's numbers in the index, a prefix search ("e", "v0", "llama 3") expanded to such a word
    # and the worker threw: no results at all. Quoting the character keeps the keys apart.
    ("e=e+s+o.id}return e", "e=e+JSON.stringify(s)+o.id}return e"),
    # The theme splits a typed word at the separator but keeps the rest of the word after each
    # piece, which lunr then reads as operators: "hoffmann2022/parametric-lo" searched
    # "hoffmann2022-lo*", that is hoffmann2022 and NOT any word starting "lo", and a word ending
    # in "-" excluded every word (half a minute per keystroke from the file system). A "-", "/" or
    # "_" after a letter or digit is a space; a "-" starting a word still excludes.
    ("search(e){if(e=e.replace(",
     "search(e){if(e=e.replace(/(?<=[\\p{L}\\p{N}])[-/_]+/gu,\" \"),e=e.replace("),
    # The theme makes every word a prefix ("n" searches n*), and a page's tags (its record id) are
    # boosted a million times: in "kaplan2020/loss-n" the "n" matched tags such as nguyen2023 or
    # loss-nd-product, whose rarity outscored the three words of kaplan2020/loss-n's own id (the
    # law came 11th, after papers sharing no word with it but "loss"). A one-character word beside
    # others is a word of its own (an id's letter, "llama 3"); typed alone it is still a prefix.
    ("map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`)",
     "map((r,n,a)=>/(^[+-]|[~^]\\d+$)/.test(r)||a.length>1&&r.length<2?r:`${r}*`)"),
    # Which query words a result matched (its "terms": the result link's ?h= highlight and the
    # "Missing:" line). The theme's version compared the typed word with the index's words, so after
    # a typo retry nothing matched: "chinchila" found Chinchilla's pages with an empty ?h= and
    # "Missing: chinchila". A word allowed an edit now names the index's words it matched; each
    # result also lists which query words it matched (``slc``), for the ranking below: not a stop word
    # ("of" in "mixture of experts" is searched as a prefix, and "often" is no reason to rank a page).
    ("function he(t,e){var i;let r=new Set(t),n={};for(let s=0;s<e.length;s++)for(let o of r)e[s].startsWith(o.term)"
     "&&(n[o.term]=!0,r.delete(o));for(let s of r)(i=lunr.stopWordFilter)!=null&&i.call(lunr,s.term)&&(n[s.term]=!1);"
     "return n}", _HELPERS.strip()),
    ("let f=he(r,Object.keys(u.metadata));", "let z=[],f=he(r,Object.keys(u.metadata),z);"),
    ("{score:a*(1+K(g,2)),terms:f}", "{score:a*(1+K(g,2)),terms:f,slc:z}"),
    # lunr ORs a query's words, and a page's tags weigh a million times its text: for "chinchilla
    # data" every Chinchilla page outranked the pages about Chinchilla's data, for "mixture of
    # experts loss" pages with two of the three words came first. Pages holding more of the
    # query's words (in any of their sections) now come first, by score among equals; the query
    # says how many words are not stop words (which no page holds).
    ("return _({items:[...n.values()]}",
     "return _({items:slcByCover([...n.values()]),"
     "slcWanted:r.filter(slcWord).length}"),
    # A typo found nothing ("chinchila", "kaplen": No matching documents), or only the other words
    # ("kaplen scaling" listed every page on scaling). When no page holds every word, the query is
    # asked again with each long word allowed one edit, and that answer is kept if its best page
    # holds more of the words. After the separator mend, whose passage this one starts with.
    ("search(e){if(",
     f"search(e){{let t=this.find(e),f={_FUZZY};"
     "if(f===e||t.items.length&&slcCover(t.items[0])>=t.slcWanted)return t;"
     "let u=this.find(f);return slcCover(u.items[0])>slcCover(t.items[0])?u:t}find(e){if("),
    # A result's snippet was its section's whole text with every match marked (the site's indexed
    # text has no paragraph tags, so a section is one block): 234 KB for the fitting checklist, and
    # each mark copied the whole string again, so a common word ("c", "loss") took seconds per
    # keystroke. A text snippet is now a window of about 320 characters from just before the first
    # match, marked in one pass; titles and tags stay whole.
    ("let d=s.slice(m,x+v);for(let y of g.sort((b,E)=>E-b)){let b=(l[y]>>>12)-m,E=(l[y]>>>2&1023)+b;"
     "d=[d.slice(0,b),\"<mark>\",d.slice(b,E),\"</mark>\",d.slice(E)].join(\"\")}",
     "let d=slcMark(s,l,g,m,x+v,n);"),
)


# Mends of the theme's page bundle (``bundle.*.min.js``): ``xi`` builds the highlighter of a page
# opened from a result (its ?h= words), ``r`` being the search's separator and ``o`` the marking.
BUNDLE_MENDS = (
    # The theme escaped the words' regex characters, then cut the text at the separator, which here
    # holds the escaping backslash and brackets: a link's '?h=[' left an empty word, marked at every
    # character (20,000 empty marks on a paper page, 382,000 and a 20 s freeze on the checklist),
    # '?h=a?b' an unescaped '?' (an uncaught 'Invalid regular expression'), '?h=0.5' the pattern
    # '.5'. The words are cut first and each escaped; with none left, nothing is marked.
    (r'let i=new RegExp(`(^|${e.separator}|)(${n.replace(/[|\\{}()[\]^$+*?.-]/g,"\\$&").replace(r,"|")})`,"img");'
     'return s=>',
     r'let w=n.split(r).filter(Boolean).map(x=>x.replace(/[|\\{}()[\]^$+*?.-]/g,"\\$&"));if(!w.length)return s=>s;'
     'let i=new RegExp(`(^|${e.separator}|)(${w.join("|")})`,"img");return s=>'),
)


def mend(site_dir: Path) -> None:
    """Apply :data:`MENDS` to the search worker and :data:`BUNDLE_MENDS` to the page bundle under
    ``site_dir`` (a built site)."""
    scripts = Path(site_dir) / "assets" / "javascripts"
    for pattern, mends in (("workers/search.*.min.js", MENDS), ("bundle.*.min.js", BUNDLE_MENDS)):
        for script in scripts.glob(pattern):
            code = script.read_text(encoding="utf-8")
            for old, new in mends:
                if code.count(old) == 1:
                    code = code.replace(old, new)
                elif new not in code:
                    logging.getLogger("mkdocs").info("%s: the passage to mend is not there: %s", script.name, old)
            script.write_text(code, encoding="utf-8")
