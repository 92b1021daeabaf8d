"""Mends of mkdocs-material's search worker and of its page bundle's search highlighter (the
built site's copies of their minified files).

Each mend replaces one exact passage of the theme's ``search.*.min.js``; a theme version
without it is left as it is (with an info line: mkdocs.yml is strict, and another theme version
must still build), and the browser tests of search say whether it still needs them. The
passages name the minified functions of mkdocs-material 9.x: ``he`` (which query words a
result matched), ``q`` (a result's snippet with its matches marked), ``search`` and ``find``,
``U`` (the theme's Search class), ``Fe`` (the message handler) and ``Ie`` (its language setup).
The last mends set the index up from the build's word list (``_SETUP``, ``_LAZY``).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

# The typo retry's query: each word of four or more characters (not an operator's) allowed one
# edit (lunr's "word~1"), which the prefix mend below leaves as it is.
_FUZZY = r'e.replace(/(^|\s)([^\s+\-~^*:][^\s~^*:]{3,})(?=\s|$)/g,"$1$2~1")'

# The most words a query searches: a pasted abstract (300 words) was 300 prefix queries and as
# many typo retries, 5 s of a busy worker per paste and more per keystroke after it; its first
# words find its pages as well as all of them do (every page holds one of 300 words).
MAX_WORDS = 12

# Helpers the mends below call, defined beside ``he`` (which they replace).
_HELPERS = r"""
function slcFew(e){let w=e.trim().split(/\s+/),n=w.length-__SLC_MAX_WORDS__;
  return[n>0?w.slice(0,__SLC_MAX_WORDS__).join(" "):e,r=>(n>0&&(r.slcDropped=n),r)]}
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
function slcPhrased(p){return new Set((p||[]).flatMap(d=>d.slcP||[])).size}
function slcNaming(p){return Math.max(0,...(p||[]).map(d=>d.slcN||0))}
function slcByCover(ps){return ps.map((p,i)=>[p,i,slcCover(p),slcPhrased(p),slcNaming(p)])
  .map(x=>[...x,x[4]>0&&/^papers\//.test(x[0][0].location)])
  .sort((x,y)=>y[2]-x[2]||y[3]-x[3]||y[4]-x[4]||y[5]-x[5]||x[1]-y[1]).map(x=>x[0])}
function slcNamed(r,c){let q=r.filter(o=>slcWord(o)&&o.presence!==lunr.Query.presence.PROHIBITED),best=0;
  if(!q.length||c.parent)return 0;
  [c.title,...(c.tags||[])].forEach((n,i)=>{let w=String(n).toLowerCase().split(lunr.tokenizer.separator)
    .filter(s=>s&&lunr.stopWordFilter(s)!==void 0),hit=s=>o=>o.editDistance?slcNear(s,o.term,o.editDistance):s.startsWith(o.term);
    if(w.length&&q.every(o=>w.some(s=>hit(s)(o)))&&(i!==1||q.some(hit(w[0])))){
      let run=w.some((s,j)=>q.every((o,k)=>w[j+k]!==void 0&&hit(w[j+k])(o)));
      best=Math.max(best,+run+Math.min(1,q.length/w.length))}});
  return best}
function slcPhrases(e){return(e.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu)||[]).map(w=>new RegExp("(?<![\\p{L}\\p{N}])"+
  w.split("-").join("[\\s\\-\u2010\u2011]+"),"iu"))}
function slcIn(P,c){let t=[c.title,c.text,...(c.tags||[])].join(" ");return P.flatMap((r,k)=>r.test(t)?[k]:[])}
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

# The index's setup (``slcSetup``): from the build's word list (``catalog.site.searchpack``,
# ``_LAZY``) where the index carries one the worker can read, else the theme's own, every section
# indexed before the first answer. (The index a worker built was kept in IndexedDB for the next
# page of a visit; with the word list no page builds it, and bench_search measured the second page
# of a visit at 1.37 s from the list against 1.13 s from the kept index, for a path no site the
# catalog builds takes: it was removed.)
_SETUP = r"""
function slcSetup(S,d){
  if(d.config.slc_pack)try{let s=new S(d,{lazy:d.config.slc_pack});self.slcIndexFrom="pack";return s}catch(e){}
  self.slcIndexFrom="built";return new S(d)}
"""

# The build's word list (``catalog.site.searchpack``: each word's lunr term number and the sections
# holding it, per field): the index answers from it at once (``slcLazyIndex``). lunr's builder
# (``p.builder``, kept from the constructor) indexes a section, with lunr's and the theme's own
# code, when a query first reaches it: a word's posting adds the sections the list names, a
# section's vector and snippet table add that section; its vector is lunr's createFieldVectors
# for that section, with each word's document count from the list. The other sections are added
# in the background with their vectors (``slcFill``, a few at a time between messages: a short
# prefix, "h", reaches most sections, and the first keys typed were answered only once all were
# indexed), then the list is checked
# against what the builder found (``self.slcPackCheck``), and should they differ the builder's
# own index replaces it, as when there is no list.
_LAZY = r"""
function slcLazyIndex(s,p,r){let B=p.builder,P=p.lazy,F=Object.keys(B._fields),T=s.table,N=P.count,
  at=new Map(r.map((o,k)=>[o.location,k])),pos=new Map(P.terms.map((t,i)=>[t,i])),done=new Uint8Array(r.length),
  postings=new Map,vectors=new Map,idf=new Map,avg={},refs=[];
  if(N!==r.length||at.size!==N)throw Error("the word list is of other documents");
  for(let f of F)avg[f]=P.lengths[f]/N;
  for(let o of r)for(let f of F)refs.push(f+"/"+o.location);
  let add=k=>{if(!done[k]){done[k]=1;B.add(r[k],{boost:r[k].boost})}},
    holders=n=>P.docs[n].split(";").map(g=>{let k=0;return g?g.split(",").map(x=>k+=parseInt(x,36)):[]}),
    count=n=>{let c=idf.get(n);if(c===void 0){let w=P.docs[n].split(/[,;]/).filter(Boolean).length,x=(N-w+.5)/(w+.5);
      idf.set(n,c=Math.log(1+Math.abs(x)))}return c},
    posting=t=>{let n=pos.get(t);if(n===void 0)return;let v=postings.get(t);if(v)return v;
      v=Object.create(null);v._index=P.index[n];holders(n).forEach((ks,j)=>{let o=v[F[j]]=Object.create(null);
        for(let k of ks){add(k);let m=B.invertedIndex[t];o[r[k].location]=m&&m[F[j]][r[k].location]||{position:[]}}});
      postings.set(t,v);return v},
    vector=ref=>{let v=vectors.get(ref),j=ref.indexOf("/"),f=ref.slice(0,j),k=at.get(ref.slice(j+1));
      if(v||k===void 0||!(f in B._fields))return v;add(k);v=new lunr.Vector;
      let tf=B.fieldTermFrequencies[ref],u=B.fieldLengths[ref],m=B._fields[f].boost||1,x=B._documents[r[k].location].boost||1;
      for(let d of Object.keys(tf)){let y=tf[d],n=pos.get(d);if(n===void 0)continue;
        let w=count(n)*((B._k1+1)*y)/(B._k1*(1-B._b+B._b*(u/avg[f]))+y);w*=m;w*=x;v.insert(P.index[n],Math.round(w*1e3)/1e3)}
      vectors.set(ref,v);return v},
    keys={ownKeys:()=>refs,getOwnPropertyDescriptor:()=>({value:void 0,writable:!0,enumerable:!0,configurable:!0})};
  s.index=new lunr.Index({fields:F,pipeline:s.index.pipeline,tokenSet:lunr.TokenSet.fromArray(P.terms),
    invertedIndex:new Proxy(Object.create(null),{get:(o,k)=>posting(k),has:(o,k)=>pos.has(k)}),
    fieldVectors:new Proxy(Object.create(null),{get:(o,k)=>vector(k),has:(o,k)=>at.has(k.slice(k.indexOf("/")+1)),...keys})});
  s.table={get:k=>{let n=at.get(k.slice(0,k.lastIndexOf(":")));n!==void 0&&add(n);return T.get(k)}};
  setTimeout(()=>slcFill(s,B,P,r,T,add,holders,vector),50)}
function slcFill(s,B,P,r,T,add,holders,vector){let F=Object.keys(B._fields),k=0,step=()=>{
    for(let end=Math.min(r.length,k+100);k<end;k++){add(k);for(let f of F)vector(f+"/"+r[k].location)}
    if(k<r.length)return setTimeout(step);
    let have=Object.keys(B.invertedIndex),listed=new Set(P.terms),bad=have.find(t=>!listed.has(t));
    if(bad===void 0&&have.length!==P.terms.length)bad=P.terms.find(t=>!(t in B.invertedIndex));
    for(let n=0;bad===void 0&&n<P.terms.length;n++){let t=P.terms[n],m=B.invertedIndex[t];
      if(!m||holders(n).some((ks,j)=>Object.keys(m[F[j]]).length!==ks.length||ks.some(q=>!(r[q].location in m[F[j]]))))bad=t}
    self.slcPackCheck=bad===void 0?"same":"differs: "+JSON.stringify(bad);
    if(bad!==void 0){console.warn("search: the build's word list differs from the index at "+JSON.stringify(bad)+"; using the index");
      s.index=B.build();s.table=T}};
  step()}
"""

# Where the page bundle's highlighter gets the search's separator (``BUNDLE_MENDS``).
_SEPARATOR_STAMP = "__SLC_SEPARATOR__"

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
     "return n}", _HELPERS.strip().replace("__SLC_MAX_WORDS__", str(MAX_WORDS))),
    # The separator splits a hyphenated term into words searched apart: "test-time compute" ranked
    # a time-series paper (with "test", "time" and "compute" anywhere) above the papers on
    # test-time compute. Each hyphenated term of the query (``slcPhrases``, read before the
    # separator mend) is also looked for as a phrase in a section's title, text and tags, its words
    # apart by hyphens or spaces ("mixture-of-experts" finds "Mixture of Experts"; its last word a
    # prefix, as the theme's words are); each result lists the phrases it holds (``slcP``), and
    # among pages holding as many of the query's words, those holding more phrases come first.
    # A page named by the query (``slcNamed``: every word of the query, but stop words, is a word of
    # its title, of one of its nicknames, or of its record id if the query names the id's paper too)
    # comes next: first a name holding the query's words in its order side by side (stop words
    # aside: "Mixture of Experts", "Test-Time Compute"), then one holding them apart, each the
    # closer (the larger the share of the name's words the query holds) the earlier, and of pages
    # named alike a paper's first (the source, which lists its laws): "test-time compute" names
    # Snell et al. (2024)'s "Scaling LLM Test-Time Compute Optimally ..." and Jones (2021)'s law
    # "Train-time versus test-time compute trade-off ..." alike, and the law came first for the
    # words "test" and "compute" in its id; these named pages come ahead of
    # pages that only hold the words elsewhere: lunr boosts the tags, where the
    # words of a law's id ("ni2025/data-constrained-validation-loss") stood a million times over
    # any title, so "data-constrained" ranked Muennighoff et al.'s "Scaling Data-Constrained
    # Language Models" 4th, after a paper and a law whose ids or nicknames held the words, and
    # "precision" "Scaling Laws for Precision" 4th, after three laws with "precision" in their ids.
    # Read before the marking below rewrites the title.
    ("let f=he(r,Object.keys(u.metadata));",
     "let z=[],f=he(r,Object.keys(u.metadata),z),y=P.length?slcIn(P,c):[],N=slcNamed(r,c);"),
    ("{score:a*(1+K(g,2)),terms:f}", "{score:a*(1+K(g,2)),terms:f,slc:z,slcP:y,slcN:N}"),
    # lunr ORs a query's words, and a page's tags weigh a million times its text: for "chinchilla
    # data" every Chinchilla page outranked the pages about Chinchilla's data, for "mixture of
    # experts loss" pages with two of the three words came first. Pages holding more of the
    # query's words (in any of their sections) now come first, by score among equals; the query
    # says how many words are not stop words (which no page holds).
    ("return _({items:[...n.values()]}",
     "return _({items:slcByCover([...n.values()]),"
     "slcWanted:r.filter(slcWord).length}"),
    # A query's first MAX_WORDS words are searched (slcFew: the query cut, and what marks the answer
    # with the count cut, from one split); the answer says how many more were left
    # out (``slcDropped``, which BUNDLE_MENDS' meta line reads: the reader of a pasted paragraph
    # was not told that most of it was not searched).
    # A typo found nothing ("chinchila", "kaplen": No matching documents), or only the other words
    # ("kaplen scaling" listed every page on scaling). When no page holds every word, the query is
    # asked again with each long word allowed one edit, and that answer is kept if its best page
    # holds more of the words. After the separator mend, whose passage this one starts with.
    ("search(e){if(",
     f"search(e){{let D;[e,D]=slcFew(e);let t=this.find(e),f={_FUZZY};"
     "if(f===e||t.items.length&&slcCover(t.items[0])>=t.slcWanted)return D(t);"
     "let u=this.find(f);return D(slcCover(u.items[0])>slcCover(t.items[0])?u:t)}find(e){let P=slcPhrases(e);if("),
    # A result's snippet was its section's whole text with every match marked (the site's indexed
    # text has no paragraph tags, so a section is one block): 234 KB for the fitting checklist, and
    # each mark copied the whole string again, so a common word ("c", "loss") took seconds per
    # keystroke. A text snippet is now a window of about 320 characters from just before the first
    # match, marked in one pass; titles and tags stay whole.
    ("let d=s.slice(m,x+v);for(let y of g.sort((b,E)=>E-b)){let b=(l[y]>>>12)-m,E=(l[y]>>>2&1023)+b;"
     "d=[d.slice(0,b),\"<mark>\",d.slice(b,E),\"</mark>\",d.slice(E)].join(\"\")}",
     "let d=slcMark(s,l,g,m,x+v,n);"),
    # The index's setup (``_SETUP``): the setup message asks slcSetup, which builds the index or
    # hands the constructor the build's word list (``p``), whose documents it then indexes lazily.
    ("function Fe(t){return W(this,null,function*(){switch(t.type){case 0:return yield Ie(t.data.config),"
     "de=new U(t.data),{type:1};",
     _SETUP.strip() + _LAZY.strip() + "function Fe(t){return W(this,null,function*(){switch(t.type){case 0:return yield "
     "Ie(t.data.config),de=slcSetup(U,t.data),{type:1};"),
    # A query is answered only if no other came while it waited its turn: typed a key at a time,
    # each prefix was searched in order behind a slow one ("h" reaches most sections), and the
    # answer to the words typed came last. The worker says which query it answered last
    # (``self.slcAnswered``), as it says where its index came from.
    ("case 2:let e=t.data;try{return{type:3,data:de.search(e)}}",
     "case 2:let e=t.data,n=self.slcAsked=(self.slcAsked||0)+1;yield new Promise(o=>setTimeout(o));"
     "if(n!==self.slcAsked)return;try{return self.slcAnswered=e,{type:3,data:de.search(e)}}"),
    ('addEventListener("message",t=>W(null,null,function*(){postMessage(yield Fe(t.data))}))',
     'addEventListener("message",t=>W(null,null,function*(){let a=yield Fe(t.data);a&&postMessage(a)}))'),
    ("constructor({config:e,docs:r,options:n}){", "constructor({config:e,docs:r,options:n},p){"),
    ("for(let o of r)this.add(o,{boost:o.boost})})}search(e){",
     "for(let o of p?[]:r)this.add(o,{boost:o.boost});p&&(p.builder=this)});"
     "p&&slcLazyIndex(this,p,r)}search(e){"),
)


# Mends of the theme's page bundle (``bundle.*.min.js``): ``xi`` builds the highlighter of a page
# opened from a result (its ?h= words), ``r`` being the search's separator and ``o`` the marking.
BUNDLE_MENDS = (
    # The results' meta line ("12 matching documents") says when the worker searched only the
    # query's first MAX_WORDS words (its answer's ``slcDropped``: how many it left out).
    ('o.pipe(te(r),Gr(t.pipe(Re(zt)))).subscribe(([{items:l},{value:f}])=>{switch(l.length){case 0:'
     's.textContent=f.length?Me("search.result.none"):Me("search.result.placeholder");break;case 1:'
     's.textContent=Me("search.result.one");break;default:let u=br(l.length);s.textContent=Me("search.result.other",u)}});',
     'o.pipe(te(r),Gr(t.pipe(Re(zt)))).subscribe(([{items:l,slcDropped:d},{value:f}])=>{switch(l.length){case 0:'
     's.textContent=f.length?Me("search.result.none"):Me("search.result.placeholder");break;case 1:'
     's.textContent=Me("search.result.one");break;default:let u=br(l.length);s.textContent=Me("search.result.other",u)}'
     f'd>0&&(s.textContent+=` (only the first {MAX_WORDS} words of the query are searched; the other ${{d}} are not)`)}});'),
    # The theme escaped the words' regex characters, then cut the text at the separator, which here
    # holds the escaping backslash and brackets: a link's '?h=[' left an empty word, marked at every
    # character (20,000 empty marks on a paper page, 382,000 and a 20 s freeze on the checklist),
    # '?h=a?b' an unescaped '?' (an uncaught 'Invalid regular expression'), '?h=0.5' the pattern
    # '.5'. The words are cut first and each escaped; with none left, nothing is marked.
    (r'let i=new RegExp(`(^|${e.separator}|)(${n.replace(/[|\\{}()[\]^$+*?.-]/g,"\\$&").replace(r,"|")})`,"img");'
     'return s=>',
     r'let w=n.split(r).filter(Boolean).map(x=>x.replace(/[|\\{}()[\]^$+*?.-]/g,"\\$&"));if(!w.length)return s=>s;'
     'let i=new RegExp(`(^|${e.separator}|)(${w.join("|")})`,"img");return s=>'),
    # Every page fetched the whole search index (3.4 MB; on file:// a script parsed on the page's
    # own thread) whether or not the reader searched: the theme hands it to the worker at once when
    # served (from file:// only once the search opens), and the highlighter of a result's ?h= words
    # subscribed to it on every page for its separator alone. The worker now gets the index when
    # the search first opens (focus on the box, its shortcut or the header's search button), served
    # or not; the highlighter takes the separator from the build (``__SLC_SEPARATOR__``, the
    # index's, stamped by :func:`mend`) and runs only on a page opened with ?h=.
    # The theme searched again on a key's release only (and when the worker became ready or the box
    # its focus): text pasted with the mouse, dropped, or filled in by the browser was not searched
    # until a key was pressed. Any change of the box's text is searched (the same text once).
    ('L(t.pipe(Re(zt)),h(e,"keyup"),o).pipe(m(()=>e.value),Y())',
     'L(t.pipe(Re(zt)),h(e,"keyup"),h(e,"input"),o).pipe(m(()=>e.value),Y())'),
    # It is fetched (and the worker set up) as soon as the pointer is over the search box or the
    # header's search button, too: the half second a reader's hand takes to click is no longer idle.
    ('L($(location.protocol!=="file:"),Je("search")).pipe(Re(o=>o),b(()=>t))',
     'L(Je("search"),h(document,"pointerover").pipe(m(o=>!!(o.target.closest&&o.target.closest'
     '(".md-search__form, label[for=__search]"))))).pipe(Re(o=>o),b(()=>t))'),
    ('z([t,r.pipe(Q(we()),g(o=>!!o.searchParams.get("h")))]).pipe(m(([o,n])=>xi(o.config)(n.searchParams.get("h")))',
     'r.pipe(Q(we()),g(o=>!!o.searchParams.get("h"))).pipe(m(n=>xi({separator:__SLC_SEPARATOR__})'
     '(n.searchParams.get("h")))'),
)


def mend(site_dir: Path) -> None:
    """Apply :data:`MENDS` to the search worker and :data:`BUNDLE_MENDS` to the page bundle under
    ``site_dir`` (a built site), the bundle given the index's separator."""
    scripts = Path(site_dir) / "assets" / "javascripts"
    for pattern, mends in (("workers/search.*.min.js", MENDS), ("bundle.*.min.js", BUNDLE_MENDS)):
        for script in scripts.glob(pattern):
            code = script.read_text(encoding="utf-8")
            for old, new in mends:
                if code.count(old) == 1:
                    code = code.replace(old, new)
                elif new not in code:
                    logging.getLogger("mkdocs").info("%s: the passage to mend is not there: %s", script.name, old)
            if mends is BUNDLE_MENDS:
                code = code.replace(_SEPARATOR_STAMP, json.dumps(_separator(site_dir)))
            script.write_text(code, encoding="utf-8")


def _separator(site_dir: Path) -> str:
    """The word separator of the built search index under ``site_dir`` (mkdocs.yml's, as the
    search plugin wrote it), or the plugin's default where there is no index."""
    index = Path(site_dir) / "search" / "search_index.json"
    if not index.is_file():
        return r"[\s\-]+"
    return json.loads(index.read_text(encoding="utf-8"))["config"]["separator"]


def finish_index(index_path: Path) -> None:
    """The search plugin's index, read and written once: each page's tags on its first entry
    (:func:`catalog.site.searchtext.tag_pages_once`) and its word list for the theme's worker
    (:mod:`catalog.site.searchpack`)."""
    from catalog.site import searchpack, searchtext

    workers = sorted(Path(index_path).parent.parent.glob("assets/javascripts/workers/search.*.min.js"))
    worker_js = workers[0].read_text(encoding="utf-8") if len(workers) == 1 else None
    _rewrite(index_path, searchtext.tag_pages_once, lambda index: searchpack.add(index, worker_js))


def _rewrite(index_path: Path, *edits) -> None:
    """Apply ``edits`` (functions changing the parsed index in place) to the index file, if there is one."""
    if not index_path.is_file():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for edit in edits:
        edit(index)
    index_path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")  # as the plugin writes it

