"""PDF exports rendered with WeasyPrint: print HTML (content), rendering (render), the stage with its cache (stage)."""
