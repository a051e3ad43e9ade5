/** A page's entry module imports its style sheets; esbuild bundles them into the page's own .css file. */
declare module "*.css";
