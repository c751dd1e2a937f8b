"""The web application (Django): organisations, the congress season, dashboards."""
