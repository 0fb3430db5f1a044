from django.core.management.base import BaseCommand

from newsroom.bootstrap import SEED_FIXTURE, bootstrap_site


class Command(BaseCommand):
    help = (
        "Prepare a local newsroom: load the seed story into an empty database and create "
        "an editor and a reporter account with random passwords. Existing data is kept."
    )

    def handle(self, *args, **options):
        loaded, accounts = bootstrap_site()
        if loaded:
            self.stdout.write(self.style.SUCCESS(f"Loaded the seed fixture {SEED_FIXTURE}."))
        else:
            self.stdout.write("Stories already exist: the seed fixture was not loaded again.")
        if accounts:
            self.stdout.write(
                self.style.WARNING(
                    "Created local accounts for the admin at /admin/ "
                    "(shown once; change them with `manage.py changepassword`):"
                )
            )
            for account in accounts:
                self.stdout.write(
                    f"  {account.username:<10} password {account.password}  ({account.group})"
                )
