"""Records-request packages: a records officer asks for a date range and some sites and people of the district
(`services`), a Celery task builds the ZIP (`build`, from what `contents` selects), the officer downloads it until
it expires, and a beat sweep deletes it after."""
