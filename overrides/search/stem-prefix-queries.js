/*
 * Appended to the theme's lunr.sv.min.js at build time (scripts/policysite/search_assets.py).
 *
 * The theme turns every search word into a prefix query ("riktlinjerna*"), and
 * lunr skips stemming for prefix queries, so a stemmed Swedish index never
 * matched inflected words. Here each prefix term is stemmed first
 * ("riktlinjerna*" becomes "riktlinj*"), so all forms of a word find each other.
 */
(function (lunr) {
  var query = lunr.Index.prototype.query;
  lunr.Index.prototype.query = function (build) {
    var pipeline = this.pipeline;
    return query.call(this, function (q) {
      build.call(q, q);
      q.clauses.forEach(function (clause) {
        var prefix = /^([^*]+)\*$/.exec(clause.term);
        if (!prefix) return;
        var stems = pipeline.runString(prefix[1]);
        if (stems.length === 1 && stems[0]) clause.term = stems[0] + "*";
      });
    });
  };
})(self.lunr);
