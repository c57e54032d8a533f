"""Entity extraction with spaCy: the model part, our rule components, mentions.

Importing this package loads nothing; `pipelines` builds the spaCy pipelines
(`load_model`, `load_rules`, `build_pipeline`) and registers our factories.
"""
