"""Build, check and publish Region Blekinge's security policy framework."""
