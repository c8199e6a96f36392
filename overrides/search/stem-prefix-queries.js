/*
 * Appended to the theme's lunr.sv.min.js at build time (scripts/policysite/search_assets.py).
 *
 * The theme turns every search word into a prefix query ("riktlinjerna*"), and
 * lunr skips stemming for prefix queries, so a stemmed Swedish index never
 * matched inflected words. Here each prefix term is stemmed as the query is
 * parsed ("riktlinjerna*" becomes "riktlinj*"), so all forms of a word find each
 * other. Patching the parser, not the index, also reaches the theme's own reading
 * of the query, which decides which words a result lacks ("Saknas: …") and what
 * the opened page highlights.
 */
(function (lunr) {
  var stem = new lunr.Pipeline();
  stem.add(lunr.sv.trimmer, lunr.sv.stemmer);
  var parse = lunr.QueryParser.prototype.parse;
  lunr.QueryParser.prototype.parse = function () {
    var query = parse.call(this);
    query.clauses.forEach(function (clause) {
      var prefix = /^([^*]+)\*$/.exec(clause.term);
      if (!prefix) return;
      var stems = stem.runString(prefix[1]);
      if (stems.length === 1 && stems[0]) clause.term = stems[0] + "*";
    });
    return query;
  };
})(self.lunr);
