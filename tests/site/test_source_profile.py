import pytest

from sources.models import Source

pytestmark = pytest.mark.django_db


def test_public_source_has_a_profile_and_a_confidential_one_is_404(client, seed):
    caruso = Source.objects.get(slug="rick-caruso")
    response = client.get(caruso.get_absolute_url())
    assert response.status_code == 200
    assert "Rick Caruso" in response.content.decode()
    caruso.confidential = True
    caruso.save()
    assert client.get(caruso.get_absolute_url()).status_code == 404
